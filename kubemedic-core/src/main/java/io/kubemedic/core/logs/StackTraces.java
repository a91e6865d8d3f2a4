package io.kubemedic.core.logs;

import java.nio.charset.StandardCharsets;

/**
 * Tells whether a line continues the error before it: Java ("\tat ...", "Caused by: ...", "... 12 more", an exception
 * class header), Python ("Traceback (most recent call last):", indented frames, the final "ValueError: ..."), Go
 * ("[signal SIGSEGV ...", "goroutine 1 [running]:", function lines and their indented file lines) and Node ("    at
 * ..."). A stack trace is one failure, not thirty, so its lines are grouped with the line that started it. Works on
 * the raw bytes, because it is asked about ordinary lines too, which are never decoded.
 */
final class StackTraces {

    /** The line is not part of the group; the group ends. */
    static final int NO = 0;
    /** The line belongs to the group. */
    static final int YES = 1;
    /** The line belongs to the group and shows it is a Go goroutine dump (function lines follow unindented). */
    static final int GO = 2;
    /** A blank line: it neither ends nor continues the group by itself. */
    static final int BLANK = 3;

    private static final byte[][] STARTS = bytes("Caused by:", "Suppressed:", "... ", "Traceback (most recent call last)",
            "During handling of the above exception", "The above exception was the direct cause", "[signal ", "created by ",
            "exit status ");
    private static final byte[] GOROUTINE = "goroutine ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] EXCEPTION_ENDS = bytes("Exception", "Error", "Throwable", "Exit", "Interrupt");

    private StackTraces() {
    }

    /** Classifies {@code buf[from, to)} (no newline) as a continuation of an open group; {@code go} if it is a Go dump. */
    static int continuation(byte[] buf, int from, int to, boolean go) {
        if (from == to) {
            return BLANK;
        }
        byte first = buf[from];
        if (first == ' ' || first == '\t') {
            return blank(buf, from, to) ? BLANK : YES;
        }
        if (startsWith(buf, from, to, GOROUTINE)) {
            return GO;
        }
        for (byte[] s : STARTS) {
            if (startsWith(buf, from, to, s)) {
                return YES;
            }
        }
        return exceptionHeader(buf, from, to) || go && goFunction(buf, from, to) ? YES : NO;
    }

    /** "java.lang.IllegalStateException: ...", "KeyError: 'x'", "Error: boom": a dotted identifier ending in Exception/Error. */
    private static boolean exceptionHeader(byte[] buf, int from, int to) {
        int i = from;
        while (i < to && (Character.isLetterOrDigit(buf[i]) || buf[i] == '.' || buf[i] == '_' || buf[i] == '$')) {
            i++;
        }
        if (i == from || i < to && buf[i] != ':') {
            return false;
        }
        for (byte[] end : EXCEPTION_ENDS) {
            if (i - from >= end.length && regionEquals(buf, i - end.length, end)) {
                return true;
            }
        }
        return false;
    }

    /** "main.main()", "net/http.(*conn).serve(0xc000118000, ...)": no space before the first parenthesis. */
    private static boolean goFunction(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '(') {
                return i > from;
            }
            if (buf[i] == ' ') {
                return false;
            }
        }
        return false;
    }

    private static boolean blank(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && regionEquals(buf, from, prefix);
    }

    private static boolean regionEquals(byte[] buf, int at, byte[] s) {
        for (int j = 0; j < s.length; j++) {
            if (buf[at + j] != s[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] bytes(String... s) {
        byte[][] b = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            b[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        }
        return b;
    }
}
