package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal Job controller (batch/v1, NonIndexed): pods {@code <job>-<5 chars>} labelled {@code controller-uid} and
 * {@code job-name} (the labels the API server's defaulting adds on a real cluster, which the sandbox lacks), as many
 * active as parallelism (default 1) allows until completions succeed; status active, succeeded and failed counted
 * from the pods, startTime, completionTime, and a Complete or Failed (BackoffLimitExceeded, default limit 6)
 * condition (failed pods beyond the limit, or with {@code restartPolicy: OnFailure} the active pods' container restarts
 * reaching it), after which the remaining active pods are deleted. The succeeded and failed counts never drop below
 * what status already records, so deleting a finished pod does not make the Job forget it (the real controller keeps
 * its counts in status too).
 */
final class JobController {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;
    private final Clock clock;

    JobController(ApiWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    void reconcile(ControlPlaneView view) {
        for (Job job : view.jobs()) {
            if (job.getMetadata().getDeletionTimestamp() == null && job.getSpec() != null && job.getSpec().getTemplate() != null && !finished(job)) {
                sync(job, view.podsOf(job));
            }
        }
    }

    private void sync(Job job, List<Pod> pods) {
        JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
        List<Pod> active = pods.stream().filter(PodStates::active).toList();
        int succeeded = Math.max(n(old.getSucceeded()), (int) pods.stream().filter(p -> "Succeeded".equals(PodStates.phase(p))).count());
        int failed = Math.max(n(old.getFailed()), (int) pods.stream().filter(p -> "Failed".equals(PodStates.phase(p))).count());
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        Integer completions = job.getSpec().getCompletions();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        JobStatus status = KUBE.clone(old);
        status.setStartTime(old.getStartTime() == null ? now : old.getStartTime());
        boolean complete = completions == null ? succeeded > 0 && active.isEmpty() : succeeded >= completions;
        JobCondition end = null;
        if (failed > backoffLimit || pastBackoffLimitOnFailure(job, active, backoffLimit)) {
            end = condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now);
        } else if (complete) {
            end = condition("Complete", null, null, now);
            status.setCompletionTime(now);
        }
        int activeNow = active.size();
        if (end != null) {
            active.forEach(writes::delete);
            activeNow = 0;
            List<JobCondition> conditions = new ArrayList<>(old.getConditions() == null ? List.of() : old.getConditions());
            conditions.add(end);
            status.setConditions(conditions);
        } else {
            int want = completions == null ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded);
            for (int i = active.size(); i < want; i++) {
                writes.create(pod(job));
                activeNow++;
            }
        }
        status.setActive(DeploymentStatuses.nz(activeNow));
        status.setSucceeded(DeploymentStatuses.nz(succeeded));
        status.setFailed(DeploymentStatuses.nz(failed));
        if (!Objects.equals(status, job.getStatus())) {
            Job copy = KUBE.clone(job);
            copy.setStatus(status);
            writes.updateStatus(copy);
        }
    }

    /**
     * As the 1.20 controller's {@code pastBackoffLimitOnFailure}: with {@code restartPolicy: OnFailure} failed pods are
     * restarted in place, so the restarts of the active pods' containers (init and app) count against the limit.
     */
    private static boolean pastBackoffLimitOnFailure(Job job, List<Pod> active, int backoffLimit) {
        if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
            return false;
        }
        int restarts = 0;
        for (Pod p : active) {
            if (p.getStatus() == null) {
                continue;
            }
            for (var list : java.util.Arrays.asList(p.getStatus().getInitContainerStatuses(), p.getStatus().getContainerStatuses())) {
                if (list != null) {
                    restarts += list.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
                }
            }
        }
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    private static Pod pod(Job job) {
        String prefix = job.getMetadata().getName() + "-";
        Pod pod = PodFactory.fromTemplate(job.getSpec().getTemplate(), job, PodFactory.generatedName(prefix),
                Map.of("controller-uid", job.getMetadata().getUid(), "job-name", job.getMetadata().getName()));
        pod.getMetadata().setGenerateName(prefix);
        return pod;
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    private static JobCondition condition(String type, String reason, String message, String now) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(now).withLastTransitionTime(now).build();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
