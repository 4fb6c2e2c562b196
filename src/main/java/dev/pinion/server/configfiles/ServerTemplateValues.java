package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A server's own values for {@code {{server.*}}} and {@code {{env.*}}} placeholders.
 *
 * @param settings the server configuration document exactly as the Panel sends it
 *     ({@code uuid}, {@code build}, {@code allocations}, {@code container}, ...)
 * @param environment the egg variables as strings (plus {@code STARTUP}, {@code P_SERVER_*})
 */
public record ServerTemplateValues(JsonNode settings, Map<String, String> environment) {
    public ServerTemplateValues {
        Objects.requireNonNull(settings, "settings");
        environment = Map.copyOf(environment);
    }

    /**
     * Takes the environment from the settings document itself, converted as the Panel converts values
     * for templates: strings as they are, integers in decimal ({@code P_SERVER_ALLOCATION_LIMIT} is
     * {@code 0}, not Wings' {@code 0.000000}), true as 1, false and null empty.
     */
    public static ServerTemplateValues fromSettings(JsonNode settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        settings.path("environment").properties().forEach(e -> {
            JsonNode v = e.getValue();
            String text = v.isTextual() || v.isNumber() ? v.asText() : v.isBoolean() && v.booleanValue() ? "1" : "";
            environment.put(e.getKey(), text);
        });
        return new ServerTemplateValues(settings, environment);
    }
}
