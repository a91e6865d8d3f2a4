package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerVersionTest {

    private static VersionInfo info(String major, String minor, String git) {
        return new VersionInfo.Builder().withMajor(major).withMinor(minor).withGitVersion(git).build();
    }

    @Test
    void readsPlainAndManagedClusterVersions() {
        assertThat(ServerVersion.of(info("1", "20", "v1.20.2"))).isEqualTo(new ServerVersion(1, 20, "v1.20.2"));
        assertThat(ServerVersion.of(info("1", "27+", "v1.27.3-gke.100"))).isEqualTo(new ServerVersion(1, 27, "v1.27.3-gke.100"));
        assertThat(ServerVersion.of(info("", "", "v1.29.1"))).isEqualTo(new ServerVersion(1, 29, "v1.29.1"));
        assertThat(ServerVersion.of(null).known()).isFalse();
    }

    @Test
    void comparesVersions() {
        ServerVersion v120 = new ServerVersion(1, 20, "v1.20.2");
        assertThat(v120.atLeast(1, 20)).isTrue();
        assertThat(v120.atLeast(1, 21)).isFalse();
        assertThat(new ServerVersion(2, 0, "v2.0").atLeast(1, 30)).isTrue();
        assertThat(v120).hasToString("v1.20.2");
    }
}
