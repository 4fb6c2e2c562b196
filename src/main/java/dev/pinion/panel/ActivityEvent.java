package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a POST /activity batch (spec A11). {@code user} may be null; {@code metadata} is
 * always an object; {@code ip} carries no port; the timestamp is sent as RFC 3339 UTC with a literal Z.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActivityEvent(
        @JsonProperty("user") String user,
        @JsonProperty("server") String server,
        @JsonProperty("event") String event,
        @JsonProperty("metadata") JsonNode metadata,
        @JsonProperty("ip") String ip,
        // Instant.toString is ISO-8601 in UTC with a literal Z, which is what the Panel parses.
        @JsonProperty("timestamp") @JsonSerialize(using = ToStringSerializer.class)
        Instant timestamp) {

    public ActivityEvent {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(timestamp, "timestamp");
        metadata = metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : metadata;
        ip = ip == null ? "" : ip;
    }
}
