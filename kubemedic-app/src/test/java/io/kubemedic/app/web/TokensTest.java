package io.kubemedic.app.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokensTest {

    private static final String ALPHA = "alpha-0123456789abcdef";
    private static final String BRAVO = "bravo-0123456789abcdef";
    private static final String CHARLIE = "charlie-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void environmentListIgnoresSpacesAndEmptyEntries() {
        Tokens tokens = Tokens.from(" " + ALPHA + " ,, " + BRAVO + ",  ,", null);
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.authenticate("Bearer " + ALPHA)).isPresent();
        assertThat(tokens.authenticate("Bearer " + BRAVO)).isPresent();
    }

    @Test
    void nothingConfiguredIsEmpty() {
        assertThat(Tokens.from(null, null).isEmpty()).isTrue();
        assertThat(Tokens.from(" , ", null).isEmpty()).isTrue();
        assertThat(Tokens.from(null, null).authenticate("Bearer " + ALPHA)).isEmpty();
    }

    @Test
    void fileHasOneTokenALineWithComments() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), """
                # rotated 2026-12-01
                %s

                   %s  \s
                # %s is retired
                """.formatted(ALPHA, BRAVO, CHARLIE));
        Tokens tokens = Tokens.from(null, file);
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.authenticate("Bearer " + BRAVO)).isPresent();
        assertThat(tokens.authenticate("Bearer " + CHARLIE)).as("commented out").isEmpty();
    }

    @Test
    void environmentAndFileAreMerged() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), CHARLIE + "\n");
        Tokens tokens = Tokens.from(ALPHA + "," + BRAVO, file);
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.authenticate("Bearer " + ALPHA)).isPresent();
        assertThat(tokens.authenticate("Bearer " + CHARLIE)).isPresent();
    }

    @Test
    void anUnreadableFileIsNamed() {
        Path missing = dir.resolve("no-such-file");
        assertThatIllegalArgumentException().isThrownBy(() -> Tokens.from(ALPHA, missing)).withMessageContaining(missing.toString());
    }

    @Test
    void aShortTokenIsRefusedWithoutBeingRepeated() throws IOException {
        String shortToken = "hunter2-secret";
        assertThat(shortToken).hasSizeLessThan(16);
        assertThatIllegalArgumentException().isThrownBy(() -> Tokens.from(ALPHA + "," + shortToken, null))
                .withMessageContaining("16").withMessageNotContaining(shortToken);
        Path file = Files.writeString(dir.resolve("tokens"), shortToken + "\n");
        assertThatIllegalArgumentException().isThrownBy(() -> Tokens.from(null, file)).withMessageNotContaining(shortToken);
        assertThat(Tokens.from("0123456789abcdef", null).size()).as("16 characters is enough").isEqualTo(1);
    }

    @Test
    void aKnownBearerTokenIsTheCallersIdentity() {
        Tokens tokens = Tokens.of(ALPHA, BRAVO);
        assertThat(tokens.authenticate("Bearer " + ALPHA)).hasValue(Tokens.identity(ALPHA));
        assertThat(tokens.authenticate("bearer " + BRAVO)).as("the scheme is case-insensitive").hasValue(Tokens.identity(BRAVO));
        assertThat(tokens.authenticate("BEARER " + ALPHA)).hasValue(Tokens.identity(ALPHA));
        assertThat(tokens.authenticate("Bearer " + ALPHA + "  ")).hasValue(Tokens.identity(ALPHA));
    }

    @Test
    void anythingElseIsNobody() {
        Tokens tokens = Tokens.of(ALPHA);
        assertThat(tokens.authenticate("Bearer " + BRAVO)).isEmpty();
        assertThat(tokens.authenticate("Bearer " + ALPHA.substring(1))).as("a suffix").isEmpty();
        assertThat(tokens.authenticate("Bearer " + ALPHA.toUpperCase())).as("the token is case-sensitive").isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate("Bearer")).isEmpty();
        assertThat(tokens.authenticate("Bearer ")).isEmpty();
        assertThat(tokens.authenticate(ALPHA)).as("no scheme").isEmpty();
        assertThat(tokens.authenticate("Basic " + java.util.Base64.getEncoder().encodeToString(("kubemedic:" + ALPHA).getBytes())))
                .isEmpty();
        assertThat(tokens.authenticate("Basic " + ALPHA)).isEmpty();
    }

    @Test
    void identityIsStableShortAndNeverTheToken() {
        String id = Tokens.identity(ALPHA);
        assertThat(id).isEqualTo(Tokens.identity(ALPHA)).startsWith("token:").matches("token:[0-9a-f]{8}");
        assertThat(id).doesNotContain(ALPHA).doesNotContain(ALPHA.substring(0, 6));
        assertThat(Tokens.identity(BRAVO)).isNotEqualTo(id);
    }

    @Test
    void toStringCountsTokensWithoutShowingThem() {
        Tokens tokens = Tokens.of(ALPHA, BRAVO);
        assertThat(tokens.toString()).contains("2").doesNotContain(ALPHA).doesNotContain(BRAVO).doesNotContain("alpha");
    }
}
