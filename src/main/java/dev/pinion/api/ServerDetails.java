package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pinion.panel.ServerConfiguration;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerState;
import dev.pinion.server.Utilization;

/** One server as {@code GET /api/servers/:server} shows it (spec panel-to-wings-api.md §4.1). */
public record ServerDetails(
        @JsonProperty("state") ServerState state,
        @JsonProperty("is_suspended") boolean suspended,
        @JsonProperty("utilization") Utilization utilization,
        @JsonProperty("configuration") JsonNode configuration) {

    /** The details of one server, its configuration taken from {@code configurations} (built once per sync). */
    static ServerDetails of(ManagedServer managed, boolean crashDetectionEnabled, ShownConfigurations configurations) {
        return new ServerDetails(
                managed.server().state(),
                managed.server().isSuspended(),
                managed.usage().current(),
                configurations.of(managed, crashDetectionEnabled));
    }

    /** Wings' stored copy of the Panel's settings, with its own labels and crash-detection fields. */
    static JsonNode configuration(ServerConfiguration configuration, boolean crashDetectionEnabled) {
        ObjectNode settings = configuration.rawSettings().deepCopy();
        if (!settings.has("labels")) {
            settings.putNull("labels");
        }
        settings.put("crash_detection_enabled", crashDetectionEnabled);
        ObjectNode container = settings.putObject("container");
        container.put("image", configuration.settings().container().image());
        return settings;
    }
}
