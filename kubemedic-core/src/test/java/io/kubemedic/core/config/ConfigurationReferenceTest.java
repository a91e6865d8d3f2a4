package io.kubemedic.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md is generated from the options; this fails when someone adds an option and not the doc. */
class ConfigurationReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theReferenceMatchesTheOptions() throws IOException {
        String expected = ConfigurationReference.markdown();
        if (Boolean.getBoolean("kubemedic.regenerateDocs")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, expected);
        }
        assertThat(DOC).as("docs/configuration.md exists (regenerate with -Dkubemedic.regenerateDocs=true)").exists();
        assertThat(Files.readString(DOC)).as("docs/configuration.md is out of date: regenerate with -Dkubemedic.regenerateDocs=true")
                .isEqualTo(expected);
    }

    @Test
    void everyOptionIsDocumentedWithADescription() {
        assertThat(Options.ALL).allSatisfy(o -> assertThat(o.description()).isNotBlank());
        assertThat(Options.ALL).extracting(Option::key).doesNotHaveDuplicates();
    }
}
