package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
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
}
