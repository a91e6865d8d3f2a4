package io.kubemedic.core.safety;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Defaults: storm.threshold 0.5, storm.minWorkloads 10, storm.cooldown 5m. */
class StormTrackerTest {

    private final StormTracker tracker = new StormTracker(KubemedicConfig.defaults());

    private static boolean storm(ClusterHealth health, Instant now) {
        return !new StormGuard().check(step(ActionType.SCALE), context().at(now).health(health).build()).allowed();
    }

    @Test
    void noStormWhileTheShareStaysAtOrBelowTheThreshold() {
        ClusterHealth health = tracker.observe(NOW, 10, 5);

        assertThat(health).isEqualTo(new ClusterHealth(10, 5, null));
        assertThat(storm(health, NOW)).isFalse();
    }

    @Test
    void stormStartsAboveTheThreshold() {
        ClusterHealth health = tracker.observe(NOW, 10, 6);

        assertThat(health.lastStormAt()).isEqualTo(NOW);
        assertThat(storm(health, NOW)).isTrue();
    }

    @Test
    void ignoresTheShareBelowTheMinimumOfWatchedWorkloads() {
        assertThat(tracker.observe(NOW, 4, 4).lastStormAt()).isNull();
    }

    @Test
    void stormContinuesDuringTheCooldownAfterTheShareFallsThenEnds() {
        tracker.observe(NOW, 20, 15);
        tracker.observe(NOW.plusSeconds(60), 20, 11);

        Instant lastAbove = NOW.plusSeconds(60);
        ClusterHealth calmer = tracker.observe(NOW.plusSeconds(120), 20, 2);
        assertThat(calmer.lastStormAt()).isEqualTo(lastAbove);
        assertThat(storm(calmer, NOW.plusSeconds(120))).isTrue();

        Instant oneSecondBefore = lastAbove.plusSeconds(299);
        assertThat(storm(tracker.observe(oneSecondBefore, 20, 2), oneSecondBefore)).isTrue();

        Instant atTheEnd = lastAbove.plusSeconds(300);
        assertThat(storm(tracker.observe(atTheEnd, 20, 2), atTheEnd)).isFalse();
    }

    @Test
    void aLateOlderObservationDoesNotMoveTheStormBack() {
        tracker.observe(NOW, 10, 9);
        tracker.observe(NOW.minusSeconds(30), 10, 9);

        assertThat(tracker.current().lastStormAt()).isEqualTo(NOW);
    }

    @Test
    void concurrentObservationsKeepTheLatestStorm() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<ClusterHealth>> results = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> tracker.observe(NOW.plusSeconds(i), 10, i % 2 == 0 ? 9 : 1)))
                    .toList();
            for (Future<ClusterHealth> result : results) {
                result.get();
            }
        }

        assertThat(tracker.current().lastStormAt()).isEqualTo(NOW.plusSeconds(198));
    }
}
