package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodConfigChecksTest {

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName("cart-1").endMetadata().withNewSpec()
                .addNewInitContainer().withName("migrate").withImage("m:1")
                .addNewEnvFrom().withNewSecretRef().withName("migrate-creds").endSecretRef().endEnvFrom().endInitContainer()
                .addNewContainer().withName("app").withImage("cart:1")
                .addNewPort().withContainerPort(8080).withName("http").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString("http")).endHttpGet().endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(9090)).endTcpSocket().endLivenessProbe()
                .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "db", false).endValueFrom().endEnv()
                .addNewEnv().withName("FLAG").withNewValueFrom().withNewConfigMapKeyRef("flag", "flags", true).endValueFrom().endEnv()
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().endEnvFrom()
                .withNewResources().withLimits(Map.of("memory", new Quantity("256Mi"))).endResources()
                .endContainer()
                .addNewVolume().withName("tls").withNewSecret().withSecretName("cart-tls").endSecret().endVolume()
                .addNewVolume().withName("cfg").withNewConfigMap().withName("cart-config").endConfigMap().endVolume()
                .endSpec().build();
    }

    @Test
    void referencesExceptOptionalOnesAreCollectedFromEnvEnvFromAndVolumesOfEveryContainer() {
        assertThat(PodConfigChecks.configMaps(pod())).containsExactlyInAnyOrder("settings", "cart-config").doesNotContain("flags");
        assertThat(PodConfigChecks.secrets(pod())).containsExactlyInAnyOrder("migrate-creds", "db", "cart-tls");
    }

    @Test
    void missingReferencesProbesOnUnexposedPortsAndMissingLimitsAreProblems() {
        var problems = PodConfigChecks.check(pod(), Map.of("settings", true, "cart-config", false), Map.of("db", false, "cart-tls", true));
        assertThat(problems).extracting(PodConfigChecks.Problem::type)
                .containsExactlyInAnyOrder("MissingConfigMap", "MissingSecret", "ProbePortNotExposed", "NoResourceLimits");
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("cart-config"));
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("liveness").contains("9090"));
        assertThat(problems).noneSatisfy(p -> assertThat(p.message()).contains("readiness")); // the named port http is exposed
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("no CPU limit"));
    }

    @Test
    void aPodWithEverythingInPlaceHasNoProblems() {
        Pod ok = new PodBuilder(pod()).editSpec().editFirstContainer().editResources()
                .withLimits(Map.of("memory", new Quantity("256Mi"), "cpu", new Quantity("1"))).endResources()
                .withLivenessProbe(null).endContainer().endSpec().build();
        assertThat(PodConfigChecks.check(ok, Map.of("settings", true), Map.of("db", true))).isEmpty();
    }
}
