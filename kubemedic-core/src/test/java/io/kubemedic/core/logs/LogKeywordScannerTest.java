package io.kubemedic.core.logs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogKeywordScannerTest {

    private final KeywordScanner scanner = new KeywordScanner(List.of("he", "she", "his", "hers", "connection refused", "ümlaut"),
            new int[]{0, 1, 2, 3, 4, 5});

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void scanStopsAtTheLineEndAndSaysWhetherAKeywordOccurred() {
        byte[] text = b("nothing here? no: t-h-e\nCONNECTION REFUSED by peer\nlast");
        long r = scanner.scan(text, 0, text.length);
        int eol = (int) (r >>> 1);
        assertThat(eol).isEqualTo(text.length - "CONNECTION REFUSED by peer\nlast".length() - 1);
        assertThat(r & 1).isEqualTo(1); // "he" in "here"
        long r2 = scanner.scan(text, eol + 1, text.length);
        assertThat(r2 & 1).isEqualTo(1);
        int eol2 = (int) (r2 >>> 1);
        assertThat(text[eol2]).isEqualTo((byte) '\n');
        long r3 = scanner.scan(text, eol2 + 1, text.length);
        assertThat(r3).isEqualTo((long) text.length << 1); // no newline, no keyword
    }

    @Test
    void overlappingKeywordsAreAllReported() {
        byte[] text = b("ushers");
        long[] bits = new long[1];
        scanner.mark(text, 0, text.length, bits);
        assertThat(bits[0]).isEqualTo(0b1011L); // she, he, hers: found through the failure links
        assertThat(scanner.mask("USHERS")).isEqualTo(0b1011L);
        assertThat(scanner.mask("plain text")).isZero();
    }

    @Test
    void nonAsciiKeywordsMatchTheirUtf8BytesCaseSensitively() {
        byte[] yes = b("ein ümlaut");
        byte[] no = b("ein Ümlaut");
        assertThat(scanner.scan(yes, 0, yes.length) & 1).isEqualTo(1);
        assertThat(scanner.scan(no, 0, no.length) & 1).isZero();
    }

    @Test
    void groupsBeyondSixtyFourUseMoreWords() {
        KeywordScanner wide = new KeywordScanner(List.of("alpha", "omega"), new int[]{3, 130});
        long[] bits = new long[3];
        byte[] text = b("from alpha to omega");
        wide.mark(text, 0, text.length, bits);
        assertThat(bits).containsExactly(1L << 3, 0, 1L << 2);
    }
}
