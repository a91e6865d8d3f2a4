package io.kubemedic.core.decision;

import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The read-only check behind {@code check-image}: is the reference well formed, do the pull secrets exist?
 * Its findings go into the escalation so the human starts from facts, and nothing restarts in a loop.
 */
public final class ImageCheck {

    // registry[:port]/path[:tag][@digest], per the distribution reference grammar (simplified, lower-case path)
    private static final Pattern REFERENCE = Pattern.compile(
            "^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

    private ImageCheck() {
    }

    /** One line per fact, e.g. "reference ok", "pull secret regcred: missing". */
    public static List<String> check(Step step, TargetSnapshot snapshot) {
        List<String> out = new ArrayList<>();
        String image = step.param("image");
        if (image == null || image.isBlank()) {
            out.add("no image reference recorded");
        } else if (!REFERENCE.matcher(image).matches()) {
            out.add("image reference '" + image + "' is malformed");
        } else {
            out.add("image reference '" + image + "' is well formed: check that the tag exists in the registry");
        }
        String secrets = step.param("pullSecrets");
        if (secrets == null || secrets.isBlank()) {
            out.add("no imagePullSecrets: a private registry would refuse the pull");
        } else {
            Arrays.stream(secrets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(name -> {
                Boolean present = snapshot.pullSecrets().get(name);
                out.add("pull secret " + name + ": " + (present == null ? "not checked" : present ? "present" : "missing"));
            });
        }
        return out;
    }
}
