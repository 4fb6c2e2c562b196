package dev.pinion.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.panel.ServerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A server container's environment exactly as Wings builds it (spec server-lifecycle-docker.md
 * §1.5): TZ, STARTUP (verbatim, {{VAR}} left for the image), SERVER_MEMORY, SERVER_IP, SERVER_PORT,
 * then every egg variable upper-cased unless a variable of that name is already set.
 */
public final class EnvironmentVariables {
    private EnvironmentVariables() {}

    public static List<String> of(ServerSettings settings, String timezone) {
        List<String> env = new ArrayList<>();
        env.add("TZ=" + timezone);
        env.add("STARTUP=" + settings.invocation());
        env.add("SERVER_MEMORY=" + settings.build().memoryLimit());
        env.add("SERVER_IP=" + settings.allocations().defaultAllocation().ip());
        env.add("SERVER_PORT=" + settings.allocations().defaultAllocation().port());
        for (Map.Entry<String, JsonNode> variable : settings.environment().entrySet()) {
            String name = variable.getKey().toUpperCase(Locale.ROOT);
            if (env.stream().anyMatch(entry -> entry.startsWith(name + "="))) {
                continue; // Wings' own variables win; of two names differing in case the first stays
            }
            env.add(name + "=" + value(variable.getValue()));
        }
        return env;
    }

    /**
     * Strings as they are; booleans as true/false; every number printed as Go's %f does
     * ("0.000000") — eggs and their scripts were written against that; null and structures empty.
     */
    static String value(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return "";
        }
        if (node.isNumber()) {
            return String.format(Locale.ROOT, "%f", node.asDouble());
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.asBoolean());
        }
        return node.asText();
    }
}
