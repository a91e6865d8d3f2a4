package io.kubemedic.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Planner;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.core.diagnosis.Diagnoser;
import io.kubemedic.core.diagnosis.Diagnosers;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.safety.ActionLedger;
import io.kubemedic.core.safety.GuardChain;
import io.kubemedic.core.safety.GuardContext;
import io.kubemedic.core.safety.StormTracker;
import io.kubemedic.kube.observe.ClusterObserver;
import io.kubemedic.kube.observe.WorkloadCounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The steps of one engine pass timed in isolation, on the same cluster after the trials (Kubemedic closed, one pod of
 * {@code target} crash-looping): snapshot from the caches, diagnosis, plan, the storm count over the pod cache, and
 * the guards. Says which of them the "delivery … plan" and "guards" parts of ctrl are made of.
 */
final class ComponentProbe {

    private static final int WARMUP = 200;

    private ComponentProbe() {
    }

    static void run(KubernetesClient client, KubemedicConfig config, ResourceRef target, int iterations) {
        ClusterObserver observer = new ClusterObserver(client, config, Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(1));
        try {
            observer.start(r -> { }, Duration.ofMinutes(5));
            List<Diagnoser> diagnosers = Diagnosers.defaults(config);
            Planner planner = new Planner(Policy.defaults(), config);
            GuardChain guards = GuardChain.defaults();
            ActionLedger ledger = new ActionLedger(Duration.ofHours(1));
            StormTracker storm = new StormTracker(config);
            int n = WARMUP + iterations;
            long[][] t = new long[5][n];
            int pods = 0;
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                TargetSnapshot s = observer.snapshot(target);
                long b = System.nanoTime();
                List<Finding> findings = Diagnosers.run(diagnosers, s);
                long c = System.nanoTime();
                Plan plan = planner.plan(s, findings).orElseThrow(() -> new IllegalStateException("no plan for " + target + ": is a pod crash-looping?"));
                long d = System.nanoTime();
                WorkloadCounts counts = observer.workloadCounts();
                long e = System.nanoTime();
                Step step = plan.next(Set.of()).orElseThrow();
                Instant now = Instant.now();
                guards.evaluate(step, new GuardContext(now, config, s, ledger, storm.observe(now, counts.watched(), counts.unhealthy()), "inc-probe", false));
                long f = System.nanoTime();
                t[0][i] = b - a;
                t[1][i] = c - b;
                t[2][i] = d - c;
                t[3][i] = e - d;
                t[4][i] = f - e;
                pods = s.pods().size();
            }
            System.out.printf(Locale.ROOT, "  one pass's steps in isolation (%d iterations after %d warm-up; target %s with %d pods):%n", iterations, WARMUP, target, pods);
            String[] names = {"snapshot from the caches", "diagnose", "plan", "storm count (every cached pod)", "guards"};
            for (int k = 0; k < names.length; k++) {
                double[] v = Arrays.stream(t[k], WARMUP, n).mapToDouble(x -> x / 1e6).toArray();
                System.out.printf(Locale.ROOT, "    %-32s p50 %6.2f ms  p99 %6.2f ms%n", names[k], Stats.pct(v, 50), Stats.pct(v, 99));
            }
        } finally {
            observer.close();
        }
    }
}
