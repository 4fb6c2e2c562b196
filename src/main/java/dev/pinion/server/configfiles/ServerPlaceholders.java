package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{server.*}}} and {@code {{env.*}}} placeholders the way the Panel's
 * EggConfigurationService does (server-lifecycle-docker.md §4.1), for any that reach the node
 * unresolved.
 *
 * <p>The Panel normally resolves these before sending; two cases still arrive here: its legacy
 * rewrite bug ({@code {{env.SERVER_PORT}}} arrives as the literal {@code {{server.build.default.port}}})
 * and variable values that themselves contain placeholders. Resolving them here, in one pass with the
 * legacy names mapped, writes what the egg author meant instead of the placeholder text.
 */
final class ServerPlaceholders {
    /** The Panel's pattern: no spaces inside the braces, so {@code {{ server.x }}} stays literal. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([\\w.-]*)}}");

    private static final Map<String, String> LEGACY = Map.of(
            "SERVER_MEMORY", "server.build.memory",
            "SERVER_IP", "server.build.default.ip",
            "SERVER_PORT", "server.build.default.port");

    private final ServerTemplateValues values;

    ServerPlaceholders(ServerTemplateValues values) {
        this.values = values;
    }

    String resolve(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String replacement = key.startsWith("server.") || key.startsWith("env.") ? lookup(key) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String lookup(String key) {
        String envName = key.startsWith("env.")
                ? key.substring(4)
                : key.startsWith("server.build.env.") ? key.substring(17) : null;
        if (envName != null) {
            String legacy = LEGACY.get(envName);
            return legacy != null ? lookup(legacy) : environment(envName);
        }
        JsonNode s = values.settings();
        return switch (key) {
            case "server.uuid" -> php(s.path("uuid"));
            case "server.build.default.ip" ->
                php(s.path("allocations").path("default").path("ip"));
            case "server.build.default.port" ->
                php(s.path("allocations").path("default").path("port"));
            case "server.build.memory" -> php(s.path("build").path("memory_limit"));
            case "server.build.swap" -> php(s.path("build").path("swap"));
            case "server.build.io" -> php(s.path("build").path("io_weight"));
            case "server.build.cpu" -> php(s.path("build").path("cpu_limit"));
            case "server.build.disk" -> php(s.path("build").path("disk_space"));
            case "server.build.threads" -> php(s.path("build").path("threads"));
            case "server.build.oom_disabled" -> php(s.path("build").path("oom_disabled"));
            case "server.build.image" -> php(s.path("container").path("image"));
            case "server.service.egg" -> php(s.path("egg").path("id"));
            case "server.service.skip_scripts" -> php(s.path("skip_egg_scripts"));
            // The Panel casts suspension to an integer, so it reads 0 or 1 rather than "" or 1.
            case "server.suspended" -> s.path("suspended").asBoolean(false) ? "1" : "0";
            // Unknown paths, server.rebuild (always false) and server.build.ports (an array the Panel
            // cannot even render) are all the empty string.
            default -> "";
        };
    }

    private String environment(String name) {
        String value = values.environment().get(name);
        return value != null ? value : php(values.settings().path("environment").path(name));
    }

    /** PHP's string conversion: integers in decimal, true is 1, false and null are empty. */
    private static String php(JsonNode node) {
        if (node.isTextual() || node.isNumber()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "1" : "";
        }
        return "";
    }
}
