package io.kubemedic.core.logs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The keywords derived from a regex: every match must contain one, or the prefilter would hide failures. */
class LogLiteralsTest {

    @Test
    void literalRunsAndExactGroupsMultiplyOut() {
        assertThat(Literals.required("Connection refused|ECONNREFUSED")).containsExactly("connection refused", "econnrefused");
        assertThat(Literals.required("connection (refused|reset)")).containsExactly("connection refused", "connection reset");
        assertThat(Literals.required("self[- ]signed cert")).containsExactly("self-signed cert", "self signed cert");
        assertThat(Literals.required("environment variables? missing")).containsExactlyInAnyOrder("environment variable missing", "environment variables missing");
        assertThat(Literals.required("(cannot|could not) load( the)? config")).containsExactlyInAnyOrder(
                "cannot load config", "cannot load the config", "could not load config", "could not load the config");
    }

    @Test
    void anythingNotLiteralBreaksTheWordAndTheLongestPieceIsKept() {
        assertThat(Literals.required("\\bEACCES\\b")).containsExactly("eacces");
        assertThat(Literals.required("relation \"[^\"]+\" does not exist")).containsExactly("\" does not exist");
        assertThat(Literals.required("dial tcp .*: connect:")).containsExactly(": connect:");
        assertThat(Literals.required("Client\\.Timeout exceeded")).containsExactly("client.timeout exceeded");
        assertThat(Literals.required("HTTP/[0-9.]+\" 5[0-9]{2} ")).containsExactly("http/");
        assertThat(Literals.required("abc+d{2}")).containsExactly("abc");
        assertThat(Literals.required("(?<name>fatal) error")).containsExactly("fatal error");
        assertThat(Literals.required("KeyError: '(?-i:[A-Z]+)'")).containsExactly("keyerror: '");
    }

    @Test
    void branchesWithoutALongEnoughLiteralMeanNoFilter() {
        assertThat(Literals.required("E[0-9]{4}")).isEmpty();
        assertThat(Literals.required("panic|\\d+ms")).isEmpty();
        assertThat(Literals.required("(foo)?bar?")).isEmpty();
        assertThat(Literals.required("(?x) free spacing")).isEmpty();
        assertThat(Literals.required("a(b")).isEmpty();
    }

    @Test
    void splitsTopLevelBranchesUnlessFlagsOrBackReferencesTieThemTogether() {
        assertThat(Literals.branches("timed out|(read|write) timeout|\\bETIMEDOUT\\b")).extracting(Literals.Branch::regex)
                .containsExactly("timed out", "(read|write) timeout", "\\bETIMEDOUT\\b");
        assertThat(Literals.branches("(?i)abc|def")).hasSize(1).first().extracting(Literals.Branch::keywords)
                .isEqualTo(List.of("abc", "def"));
        assertThat(Literals.branches("(ab+)x|y\\1")).hasSize(1);
    }

    @Test
    void everyBuiltInMatchContainsAKeyword() {
        for (LogPattern p : LogPatterns.builtIn().patterns()) {
            for (String line : LogPatternsTest.SAMPLES.getOrDefault(p.name(), List.of())) {
                for (LogPattern.Branch b : p.branches()) {
                    if (b.pattern().matcher(line).find()) {
                        assertThat(b.keywords()).as(p.name() + " branch " + b.pattern() + " on " + line)
                                .anyMatch(k -> line.toLowerCase().contains(k));
                    }
                }
            }
            assertThat(Pattern.compile(p.regex(), Pattern.CASE_INSENSITIVE).pattern()).isEqualTo(p.regex());
        }
    }
}
