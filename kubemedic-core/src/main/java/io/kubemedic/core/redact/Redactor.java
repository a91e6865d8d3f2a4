package io.kubemedic.core.redact;

import io.kubemedic.core.logs.KeywordScanner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text before it leaves Kubemedic (log analyses, summaries, notifications, answers to an LLM agent):
 * values of credential-looking keys ({@code password=}, {@code "client_secret": "..."}, {@code DB_PASSWORD=} in an
 * env dump), bearer and basic credentials, passwords in URLs, private key blocks, JWTs, AWS access key ids,
 * GitHub/GitLab/Slack/Stripe/Google tokens, and any value the caller knows is secret (the pod's Secret values).
 * Masks with {@value #MASK} and keeps the key or scheme visible ({@code password=***}, {@code Bearer ***}), so the
 * reader still sees what was there. A keyword prefilter skips the rules that cannot apply, so text without any
 * trigger word costs one scan. Over-masking is preferred to a leak.
 */
public final class Redactor {

    public static final String MASK = "***";
    /** Known secret values shorter than this are not masked on their own (they would mask ordinary words). */
    public static final int MIN_KNOWN_SECRET = 4;

    private static final String KEY_WORDS = "password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key"
            + "|private[_-]?key|credentials?|session[_-]?id|cookie";
    private static final List<Rule> RULES = List.of(
            new Rule("(?s)(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)(.*?)(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)",
                    2, "private key"),
            new Rule("(?i)\\b([a-z][a-z0-9+.-]{1,20}://[^/\\s:@\"']*:)([^/\\s@\"']+)(@)", 2, "://"),
            new Rule("(?i)\\b((?:proxy-)?authorization\\\\?\"?\\s*[:=]\\s*\\\\?\"?(?:(?:bearer|basic|token|digest|negotiate|apikey)\\s+)?)"
                    + "([^\\s\",;]+)", 2, "authorization"),
            new Rule("(?i)\\b(bearer\\s+)([A-Za-z0-9._~+/=-]{4,})", 2, "bearer"),
            new Rule("(?i)(?<![\\w-])(--?[\\w-]*(?:" + KEY_WORDS + ")[\\w-]*)(\\s+|=)(?!-)(\\S+)", 3,
                    "pass", "pwd", "secret", "token", "key", "credential", "session", "cookie"),
            new Rule("(?i)([\\w.-]*(?:" + KEY_WORDS + ")[\\w.-]*(?:\\\\?[\"'])?\\s*[:=]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|\\\\\"[^\\\\\"]*\\\\\"|[^\\s,;&\"'}\\]]+)", 2,
                    "pass", "pwd", "secret", "token", "key", "credential", "session", "cookie"),
            new Rule("(?i)(<[\\w.-]*(?:" + KEY_WORDS + ")[\\w.-]*>)([^<]+)(</)", 2, "pass", "pwd", "secret", "token", "key"),
            new Rule("\\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})\\b", 1,
                    "akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa"),
            new Rule("\\b(eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*)", 1, "eyj"),
            new Rule("\\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[baprse]-[A-Za-z0-9-]{10,}"
                    + "|glpat-[A-Za-z0-9_-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})", 1,
                    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "glpat-", "k_live_", "k_test_", "aiza"));
    private static final KeywordScanner TRIGGERS = triggers();

    private Redactor() {
    }

    /** {@code text} with every recognisable secret masked. */
    public static String redact(String text) {
        return redact(text, List.of());
    }

    /** {@code text} with every recognisable secret and every occurrence of a known secret value masked. */
    public static String redact(String text, Collection<String> knownSecrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = knownSecrets.isEmpty() ? text : known(text, knownSecrets);
        long mask = TRIGGERS.mask(out);
        for (int i = 0; mask != 0 && i < RULES.size(); i++) {
            if ((mask & 1L << i) != 0) {
                out = RULES.get(i).apply(out);
            }
        }
        return out;
    }

    private static String known(String text, Collection<String> secrets) {
        List<String> values = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.strip().length() >= MIN_KNOWN_SECRET) {
                values.add(s.strip());
                values.add(Base64.getEncoder().encodeToString(s.strip().getBytes(StandardCharsets.UTF_8)));
                if (!s.equals(s.strip())) {
                    values.add(s);
                }
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed()); // a secret containing another goes first
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }

    private static KeywordScanner triggers() {
        List<String> words = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < RULES.size(); i++) {
            for (String t : RULES.get(i).triggers) {
                words.add(t);
                groups.add(i);
            }
        }
        return new KeywordScanner(words, groups.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A regex whose group {@code secret} is masked; the other groups are kept. Runs only when a trigger word occurs. */
    private record Rule(Pattern pattern, int secret, List<String> triggers) {
        Rule(String regex, int secret, String... triggers) {
            this(Pattern.compile(regex), secret, List.of(triggers));
        }

        String apply(String text) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return text;
            }
            StringBuilder sb = new StringBuilder(text.length());
            int last = 0;
            do {
                int start = m.start(secret);
                int end = m.end(secret);
                String value = m.group(secret);
                if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.charAt(value.length() - 1) == value.charAt(0)) {
                    start++; // keep the quotes: "password": "***"
                    end--;
                }
                sb.append(text, last, start).append(MASK);
                last = end;
            } while (m.find());
            return sb.append(text, last, text.length()).toString();
        }
    }
}
