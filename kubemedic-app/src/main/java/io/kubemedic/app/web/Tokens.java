package io.kubemedic.app.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens that may call the API. Several at once, so a token can be rotated without downtime; compared in
 * constant time over their SHA-256 digests (no length or prefix leaks). A token is never logged: callers are named by
 * {@link #identity}, a short digest prefix an operator can match against {@code kubemedic token-id}.
 */
public final class Tokens {

    private final List<byte[]> digests;

    private Tokens(List<String> tokens) {
        this.digests = tokens.stream().map(Tokens::sha256).toList();
    }

    /**
     * Tokens from {@code KUBEMEDIC_TOKENS} (comma-separated) and from a file (one per line, # comments), both optional.
     * Tokens shorter than 16 characters are refused: an API that can restart workloads deserves more than a password.
     */
    public static Tokens from(String environment, Path file) {
        List<String> all = new ArrayList<>();
        if (environment != null) {
            Arrays.stream(environment.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(all::add);
        }
        if (file != null) {
            try {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(all::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage(), e);
            }
        }
        for (String t : all) {
            if (t.length() < 16) {
                throw new IllegalArgumentException("a token is shorter than 16 characters (" + t.length() + "): use long random tokens,"
                        + " e.g. `openssl rand -hex 32`");
            }
        }
        return new Tokens(all);
    }

    public static Tokens of(String... tokens) {
        return new Tokens(List.of(tokens));
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public int size() {
        return digests.size();
    }

    /** The caller's identity when the {@code Authorization} header carries a known bearer token. */
    public Optional<String> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean found = false;
        for (byte[] d : digests) {
            found |= MessageDigest.isEqual(d, presented); // no early exit: every token is compared
        }
        return found ? Optional.of(identity(presented)) : Optional.empty();
    }

    /** A token's public name: {@code token:} and the first 8 hex digits of its SHA-256. */
    public static String identity(String token) {
        return identity(sha256(token));
    }

    private static String identity(byte[] digest) {
        return "token:" + java.util.HexFormat.of().formatHex(digest, 0, 4);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return digests.size() + " token(s)";
    }
}
