package io.kubemedic.app.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkQueueTest {

    @Test
    void aKeyAddedManyTimesIsHandedOutOnce() throws InterruptedException {
        try (WorkQueue<String> q = new WorkQueue<>()) {
            q.add("a");
            q.add("b");
            q.add("a");
            assertThat(q.size()).isEqualTo(2);
            assertThat(q.take()).contains("a");
            assertThat(q.take()).contains("b");
        }
    }

    @Test
    void aKeyAddedWhileProcessingIsNotHandedToASecondWorkerButRequeuedAfterDone() throws InterruptedException {
        try (WorkQueue<String> q = new WorkQueue<>()) {
            q.add("a");
            String taken = q.take().orElseThrow();
            q.add("a");
            assertThat(q.size()).as("not queued while in flight").isZero();
            q.done(taken);
            assertThat(q.size()).as("queued again once done: nothing is lost").isEqualTo(1);
        }
    }

    @Test
    void noTwoWorkersEverHoldTheSameKey() throws InterruptedException {
        try (WorkQueue<Integer> q = new WorkQueue<>()) {
            ConcurrentHashMap<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger processed = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (true) {
                            var k = q.take();
                            if (k.isEmpty()) {
                                return;
                            }
                            if (inFlight.computeIfAbsent(k.get(), x -> new AtomicInteger()).incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            Thread.yield();
                            inFlight.get(k.get()).decrementAndGet();
                            processed.incrementAndGet();
                            q.done(k.get());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (int i = 0; i < 20_000; i++) {
                q.add(i % 5);
            }
            await().atMost(Duration.ofSeconds(10)).until(q::idle);
            q.close();
            for (Thread t : workers) {
                t.join(5000);
            }
            assertThat(overlaps.get()).isZero();
            assertThat(processed.get()).isPositive().isLessThanOrEqualTo(20_000);
        }
    }

    @Test
    void addAfterDeliversLater() {
        try (WorkQueue<String> q = new WorkQueue<>()) {
            q.addAfter("later", Duration.ofMillis(50));
            assertThat(q.size()).isZero();
            await().atMost(Duration.ofSeconds(2)).until(() -> q.size() == 1);
        }
    }

    @Test
    void aKeyHasAtMostOnePendingRetryAndTheEarliestWins() throws InterruptedException {
        try (WorkQueue<String> q = new WorkQueue<>()) {
            for (int i = 0; i < 50; i++) {
                q.addAfter("held", Duration.ofSeconds(30 + i)); // a held target re-queued on every pass
            }
            q.addAfter("held", Duration.ofMillis(20));
            q.addAfter("held", Duration.ofSeconds(60));
            assertThat(q.pendingRetries()).isEqualTo(1);
            assertThat(q.poll(Duration.ofSeconds(2))).contains("held");
            q.done("held");
            assertThat(q.pendingRetries()).isZero();
            assertThat(q.poll(Duration.ofMillis(100))).as("the later timers were dropped, not kept").isEmpty();
        }
    }

    @Test
    void failuresBackOffExponentiallyUpToTheCapAndForgetResets() {
        try (WorkQueue<String> q = new WorkQueue<>(Duration.ofMillis(500), Duration.ofSeconds(5))) {
            assertThat(List.of(q.addRateLimited("k"), q.addRateLimited("k"), q.addRateLimited("k"), q.addRateLimited("k"), q.addRateLimited("k")))
                    .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
            assertThat(q.addRateLimited("other")).as("per key").isEqualTo(Duration.ofMillis(500));
            q.forget("k");
            assertThat(q.addRateLimited("k")).isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void closeReleasesBlockedWorkers() throws InterruptedException {
        WorkQueue<String> q = new WorkQueue<>();
        CountDownLatch released = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                assertThat(q.take()).isEmpty();
                released.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        q.close();
        assertThat(released.await(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        t.join();
    }
}
