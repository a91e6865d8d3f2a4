package io.kubemedic.app.intake;

import java.time.Instant;
import java.util.Map;

/**
 * One alert as it arrived, from any source, before Kubemedic decides what it means.
 *
 * @param source      {@code alertmanager} or {@code generic}
 * @param dedupKey    what makes repeated notifications of one alert the same: Alertmanager's groupKey plus the alert's
 *                    fingerprint, or a hash of the labels where there is no fingerprint
 * @param firing      false for a resolved notification
 * @param startsAt    when the alert began firing, if the sender says
 */
public record Alert(String source, String dedupKey, boolean firing, String alertname, Map<String, String> labels,
                    Map<String, String> annotations, Instant startsAt, String fingerprint) {

    public Alert {
        labels = Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public String status() {
        return firing ? "firing" : "resolved";
    }
}
