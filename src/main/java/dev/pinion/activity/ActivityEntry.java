package dev.pinion.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing a user did on this node, as the activity log records it (spec websocket-sftp-activity.md
 * §3.1–3.2): the event name, the server's uuid, the user's uuid (null for the system), the client
 * address, free-form metadata (a JSON object) and when it happened.
 */
public record ActivityEntry(String event, String server, String user, String ip, JsonNode metadata, Instant timestamp) {
    public ActivityEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(timestamp, "timestamp");
        metadata = metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : metadata;
    }

    /** An empty metadata object to fill in. */
    public static ObjectNode newMetadata() {
        return JsonNodeFactory.instance.objectNode();
    }
}
