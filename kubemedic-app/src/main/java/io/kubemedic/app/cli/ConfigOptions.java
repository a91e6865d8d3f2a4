package io.kubemedic.app.cli;

import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.config.KubemedicConfig;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options shared by the commands that run the engine: a config file, single overrides, a policy file. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file (see docs/configuration.md).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set cooldown=5m. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML (default: the built-in policy, docs/policy.md).")
    Path policyFile;

    @Option(names = "--audit", paramLabel = "FILE", description = "SQLite audit file (default from audit.path).")
    Path auditFile;

    /** Defaults, then {@code base}, then the file, then --set and the dedicated flags. */
    KubemedicConfig resolve(Map<String, String> base, Map<String, String> flags) {
        Map<String, String> fromFile = configFile == null ? Map.of() : readFile(configFile);
        Map<String, String> last = new LinkedHashMap<>(overrides);
        last.putAll(flags);
        if (policyFile != null) {
            last.put("policy.file", policyFile.toString());
        }
        if (auditFile != null) {
            last.put("audit.path", auditFile.toString());
        }
        return KubemedicConfig.from(base, fromFile, last);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("config file " + file + " does not exist or cannot be read");
        }
        try {
            JsonNode tree = YAMLMapper.builder().build().readTree(file.toFile());
            if (tree == null || tree.isNull() || tree.isMissingNode()) {
                return Map.of();
            }
            if (!tree.isObject()) {
                throw new ConfigException("config file " + file + ": expected a mapping of settings at the top level");
            }
            Map<String, Object> map = YAMLMapper.builder().build().convertValue(tree, Map.class);
            return KubemedicConfig.flatten(map);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("config file " + file + ": " + e.getMessage(), e);
        }
    }
}
