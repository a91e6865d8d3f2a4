package io.kubemedic.core.diagnosis;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The registered diagnosers, explicitly, and running them over a snapshot. */
public final class Diagnosers {

    private Diagnosers() {
    }

    public static List<Diagnoser> defaults(KubemedicConfig config) {
        return List.of(
                new OomKilledDiagnoser(config.evidenceMaxAge()),
                new CrashLoopBackOffDiagnoser(config.evidenceMaxAge()),
                new ImagePullDiagnoser(),
                new CreateContainerConfigErrorDiagnoser(),
                new UnschedulableDiagnoser(config.pendingGrace()),
                new ProbeFailureDiagnoser(),
                new HighRestartCountDiagnoser(config.highRestartCount(), config.evidenceMaxAge()),
                new MemoryPressureDiagnoser(config.memoryPressureRatio()),
                new SingleReplicaProdDiagnoser(List.of("prod-*"), config.newWorkloadGrace()),
                new RolloutStuckDiagnoser(),
                new NodeNotReadyDiagnoser());
    }

    /** The findings of every diagnoser meant for the target's kind, in registration order, without duplicates. */
    public static List<Finding> run(List<Diagnoser> diagnosers, TargetSnapshot snapshot) {
        LinkedHashSet<Finding> out = new LinkedHashSet<>();
        boolean node = snapshot.target().isKind(io.kubemedic.core.model.ResourceRef.NODE);
        for (Diagnoser d : diagnosers) {
            if (d.forNodes() == node) {
                out.addAll(d.diagnose(snapshot));
            }
        }
        return new ArrayList<>(out);
    }
}
