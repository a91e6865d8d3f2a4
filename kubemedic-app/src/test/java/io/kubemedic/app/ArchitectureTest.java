package io.kubemedic.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The seams the design depends on: the core decides on plain data and never holds a client; only the kube layer
 * (and the wiring that builds the client) touches the API; the engine goes through the kube layer's typed actions.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            // not Predefined.DO_NOT_INCLUDE_TESTS: that only knows the default target/ folder
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("io.kubemedic");

    @Test
    void coreNeverTouchesTheKubernetesClient() {
        noClasses().that().resideInAPackage("io.kubemedic.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "io.kubemedic.kube..", "io.kubemedic.app..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNoIo() {
        noClasses().that().resideInAPackage("io.kubemedic.core..").and().doNotHaveSimpleName("Policy")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "java.net..", "java.nio.file..")
                .check(CLASSES);
    }

    @Test
    void theEngineActsOnlyThroughTheKubeLayer() {
        noClasses().that().resideInAPackage("io.kubemedic.app.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..")
                .check(CLASSES);
    }

    @Test
    void nothingShellsOut() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().callMethod(Runtime.class, "exec", String.class)
                .orShould().callMethod(Runtime.class, "exec", String[].class)
                .check(CLASSES);
    }
}
