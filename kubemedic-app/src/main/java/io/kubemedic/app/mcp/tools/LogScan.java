package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.diagnosis.PodConfigChecks;
import io.kubemedic.core.logs.LogAnalyzer;
import io.kubemedic.core.logs.LogPatterns;
import io.kubemedic.core.redact.Redactor;
import io.kubemedic.kube.observe.PodReader;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a container's log and classifies it with the shared pattern set, every line passing the redactor with the
 * values of the Secrets the pod references, so no tool ever hands an agent a secret that was logged.
 */
final class LogScan {

    /** What diagnose_pod shows of the logs. */
    record Summary(List<Map<String, Object>> errors, List<Map<String, Object>> warnings, List<String> recommendations) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errors", errors);
            m.put("warnings", warnings);
            return m;
        }
    }

    private static final int DIAGNOSIS_TAIL = 200;

    private LogScan() {
    }

    static LogAnalyzer analyzer(Kubemedic app) {
        String file = app.config().logPatternsFile();
        if (file.isBlank()) {
            return LogAnalyzer.builtIn();
        }
        try (Reader r = Files.newBufferedReader(Path.of(file))) {
            return new LogAnalyzer(LogPatterns.load(r, file));
        } catch (IOException | ConfigException e) {
            throw new ToolException("logs.patternsFile " + file + " cannot be used: " + e.getMessage());
        }
    }

    /** The values to mask in this pod's logs: those of the Secrets it references (never returned to the agent). */
    static Set<String> secrets(Kubemedic app, Pod pod) {
        return app.pods().secretValues(pod.getMetadata().getNamespace(), PodConfigChecks.secrets(pod));
    }

    static LogAnalyzer.Result analyze(Kubemedic app, Pod pod, String container, int tail, Integer since, boolean previous, int maxErrors) {
        List<String> lines = app.pods().logs(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container, tail, since, previous);
        return analyzer(app).analyze(lines, new LogAnalyzer.Options(maxErrors, secrets(app, pod)));
    }

    /** The last lines of every container (the previous instance's for one that is restarting), errors and warnings apart. */
    static Summary forDiagnosis(Kubemedic app, Pod pod, List<String> unreadable) {
        List<Map<String, Object>> errors = new ArrayList<>();
        List<Map<String, Object>> warnings = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            boolean previous = restarted(pod, c.getName());
            try {
                LogAnalyzer.Result r = analyze(app, pod, c.getName(), DIAGNOSIS_TAIL, null, previous, 20);
                for (LogAnalyzer.Entry e : r.errors()) {
                    Map<String, Object> m = entry(e);
                    m.put("container", c.getName());
                    ("warning".equals(e.level()) ? warnings : errors).add(m);
                }
                recommendations.addAll(r.recommendations());
            } catch (PodReader.Unavailable e) {
                unreadable.add(Redactor.redact(e.getMessage()));
            }
        }
        return new Summary(errors, warnings, recommendations.stream().distinct().toList());
    }

    static Map<String, Object> entry(LogAnalyzer.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", e.timestamp());
        m.put("level", e.level());
        m.put("message", e.message());
        m.put("pattern", e.pattern());
        if (e.lines() > 1) {
            m.put("lines", e.lines());
        }
        return m;
    }

    private static boolean restarted(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (s.getName().equals(container)) {
                boolean waiting = s.getState() != null && s.getState().getWaiting() != null;
                return waiting && s.getLastState() != null && s.getLastState().getTerminated() != null;
            }
        }
        return false;
    }
}
