package io.kubemedic.app.demo;

import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.engine.TimelineEvent;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Prints the live timeline, one line per step of every incident, to a stream (stderr in the demo). */
public final class TimelinePrinter implements EngineListener {

    private final PrintStream out;
    private final Instant start;

    public TimelinePrinter(PrintStream out, Instant start) {
        this.out = out;
        this.start = start;
    }

    @Override
    public void onEvent(TimelineEvent e) {
        double s = Duration.between(start, e.at()).toMillis() / 1000.0;
        String line = String.format(Locale.ROOT, "[%6.2fs] %-9s %-44s %s", s, e.phase().name().toLowerCase(Locale.ROOT),
                e.workload(), e.text());
        synchronized (out) {
            out.println(line);
        }
    }
}
