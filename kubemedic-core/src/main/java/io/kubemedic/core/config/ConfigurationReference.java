package io.kubemedic.core.config;

/** Renders docs/configuration.md from {@link Options#ALL}, so the reference cannot drift from the code. */
public final class ConfigurationReference {

    private ConfigurationReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration reference\n\n")
                .append("<!-- Generated from io.kubemedic.core.config.Options by ConfigurationReferenceTest; do not edit by hand.\n")
                .append("     Regenerate: ./run-tests -pl kubemedic-core -Dtest=ConfigurationReferenceTest -Dkubemedic.regenerateDocs=true -->\n\n")
                .append("Settings come from, in order (later wins): the defaults below, a YAML file given with `--config FILE`")
                .append(" (nested keys or dotted keys, lists as YAML lists), and `--set key=value` on the command line.\n")
                .append("`./kubemedic demo` starts from these defaults but sets `mode=enforce`, `verify.timeout=20s`,")
                .append(" `verify.stableFor=2s` and `verify.pollInterval=500ms`, and keeps its audit trail in `./data/demo.db`.\n\n")
                .append("Durations: `500ms`, `30s`, `10m`, `1h`, `1d`. Quantities: Kubernetes form, `512Mi`, `4Gi`. Lists: comma-separated on the command line.\n\n")
                .append("| key | type | default | description |\n|---|---|---|---|\n");
        for (Option<?> o : Options.ALL) {
            sb.append("| `").append(o.key()).append("` | ").append(o.type().replace("|", "\\|")).append(" | ")
                    .append(o.defaultText().isEmpty() ? "(empty)" : "`" + o.defaultText() + "`").append(" | ")
                    .append(o.description().replace("|", "\\|")).append(" |\n");
        }
        sb.append("\nExample `kubemedic.yaml`:\n\n```yaml\nmode: dry-run\nnamespaces:\n  allow: [shop, payments]\ncooldown: 10m\n")
                .append("rateLimit:\n  global: 30\n  perNamespace: 10\nmemory:\n  ceiling: 4Gi\n```\n");
        return sb.toString();
    }
}
