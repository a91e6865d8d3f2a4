package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EventGateTest {

    private static HasMetadata pod(int n) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p" + n).endMetadata().build();
    }

    @Test
    void eventsBeforeOpeningAreHeldThenReplayedInArrivalOrderAndLaterOnesPassStraightThrough() {
        List<String> seen = new ArrayList<>();
        EventGate gate = new EventGate(o -> seen.add(o.getMetadata().getName()));
        gate.accept(pod(1));
        gate.accept(pod(2));
        assertThat(seen).isEmpty();
        assertThat(gate.held()).isEqualTo(2);

        assertThat(gate.open()).isEqualTo(2);
        gate.accept(pod(3));

        assertThat(seen).containsExactly("p1", "p2", "p3");
        assertThat(gate.open()).isZero();
        assertThat(seen).hasSize(3);
    }

    @Test
    void noEventIsLostWhileTheGateOpensUnderConcurrentDelivery() throws Exception {
        Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        EventGate gate = new EventGate(o -> seen.add(o.getMetadata().getName()));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = IntStream.range(0, 4).mapToObj(w -> Thread.ofPlatform().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 5_000; i++) {
                gate.accept(pod(w * 100_000 + i));
            }
        })).toList();
        go.countDown();
        gate.open();
        for (Thread t : writers) {
            t.join();
        }
        assertThat(seen).hasSize(20_000);
    }
}
