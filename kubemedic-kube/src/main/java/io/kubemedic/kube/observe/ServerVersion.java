package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.client.VersionInfo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's version as {@code /version} reports it. Managed clusters report minors such as {@code "20+"},
 * so the numbers are read leniently; 0 means unknown.
 */
public record ServerVersion(int major, int minor, String gitVersion) {

    private static final Pattern LEADING_DIGITS = Pattern.compile("^(\\d+)");
    private static final Pattern GIT_VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)");

    public static final ServerVersion UNKNOWN = new ServerVersion(0, 0, "unknown");

    public static ServerVersion of(VersionInfo info) {
        if (info == null) {
            return UNKNOWN;
        }
        int major = number(info.getMajor());
        int minor = number(info.getMinor());
        if ((major == 0 || minor == 0) && info.getGitVersion() != null) {
            Matcher m = GIT_VERSION.matcher(info.getGitVersion());
            if (m.find()) {
                major = Integer.parseInt(m.group(1));
                minor = Integer.parseInt(m.group(2));
            }
        }
        String git = info.getGitVersion() == null || info.getGitVersion().isBlank() ? "v" + major + "." + minor : info.getGitVersion();
        return major == 0 ? UNKNOWN : new ServerVersion(major, minor, git);
    }

    private static int number(String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = LEADING_DIGITS.matcher(text.trim());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    public boolean known() {
        return major > 0;
    }

    /** True when the server is known to be at least {@code major.minor}. */
    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || major == wantMajor && minor >= wantMinor;
    }

    @Override
    public String toString() {
        return gitVersion;
    }
}
