package io.kubemedic.app.cli;

import io.kubemedic.app.web.Tokens;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** The HTTP API's options, shared by {@code run} and {@code demo --serve}. */
final class HttpOptions {

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP API port (same as --set http.port=PORT; default 8080, 0 picks a free one).")
    Integer port;

    @Option(names = "--token-file", paramLabel = "FILE", description = {"Bearer tokens for the HTTP API, one per line (# comments),",
            "besides the comma-separated KUBEMEDIC_TOKENS environment variable. Several tokens can be valid at once, for rotation."})
    Path tokenFile;

    /** Settings the flags override. */
    void addTo(Map<String, String> flags) {
        if (port != null) {
            flags.put("http.port", String.valueOf(port));
        }
    }

    /** The tokens from the environment and the file; IllegalArgumentException names what is wrong. */
    Tokens tokens() {
        return Tokens.from(System.getenv("KUBEMEDIC_TOKENS"), tokenFile);
    }
}
