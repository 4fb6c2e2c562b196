package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerState;
import dev.pinion.server.Utilization;

/** One server as {@code GET /api/servers/:server} shows it (spec panel-to-wings-api.md §4.1). */
public record ServerDetails(
        @JsonProperty("state") ServerState state,
        @JsonProperty("is_suspended") boolean suspended,
        @JsonProperty("utilization") Utilization utilization,
        @JsonProperty("configuration") JsonNode configuration) {

    public static ServerDetails of(ManagedServer managed, boolean crashDetectionEnabled) {
        return new ServerDetails(managed.server().state(), managed.server().isSuspended(), managed.usage().current(),
                configuration(managed, crashDetectionEnabled));
    }

    /** Wings' stored copy of the Panel's settings, with its own labels and crash-detection fields. */
    private static JsonNode configuration(ManagedServer managed, boolean crashDetectionEnabled) {
        ObjectNode settings = managed.server().configuration().rawSettings().deepCopy();
        if (!settings.has("labels")) {
            settings.putNull("labels");
        }
        settings.put("crash_detection_enabled", crashDetectionEnabled);
        ObjectNode container = settings.putObject("container");
        container.put("image", managed.server().configuration().settings().container().image());
        return settings;
    }
}
