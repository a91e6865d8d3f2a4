package io.kubemedic.core.safety;

import java.time.Duration;
import java.util.Locale;

/** Numbers in verdict details, written the way an SRE reads them: {@code 9m59s}, {@code 70%}. */
final class GuardText {

    private GuardText() {
    }

    /** {@code 1h5m}, {@code 9m59s}, {@code 42s}; sub-second remainders are rounded up so "0s" never means "not yet". */
    static String duration(Duration d) {
        long seconds = d.isNegative() ? 0 : d.plusNanos(999_999_999).toSeconds();
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0 || out.isEmpty()) {
            out.append(s).append('s');
        }
        return out.toString();
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }
}
