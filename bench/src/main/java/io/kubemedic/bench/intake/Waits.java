package io.kubemedic.bench.intake;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: every wait of the intake bench gives up after two minutes. */
final class Waits {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private Waits() {
    }

    /** Polls every millisecond until {@code probe} gives a value. */
    static <T> T until(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (T v; System.nanoTime() < deadline; Thread.sleep(1)) {
            if ((v = probe.get()) != null) {
                return v;
            }
        }
        throw new IllegalStateException("gave up after " + LIMIT.toMinutes() + " minutes waiting for " + what);
    }

    static void untilTrue(BooleanSupplier done, String what) throws InterruptedException {
        until(() -> done.getAsBoolean() ? Boolean.TRUE : null, what);
    }
}
