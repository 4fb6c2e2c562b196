package dev.pinion.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One WebSocket message, {@code {"event": ..., "args": [...]}} (spec websocket-sftp-activity.md
 * §1.4): outbound args are left out when there are none; inbound {@code null} args are empty strings.
 */
record ConsoleMessage(String event, List<String> args) {

    ConsoleMessage {
        args = List.copyOf(args);
    }

    static ConsoleMessage of(String event) {
        return new ConsoleMessage(event, List.of());
    }

    static ConsoleMessage of(String event, String arg) {
        return new ConsoleMessage(event, List.of(arg));
    }

    /** The args joined with nothing between them, as Wings reads an argument. */
    String joinedArgs() {
        return String.join("", args);
    }

    String encode(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode().put("event", event);
        if (!args.isEmpty()) {
            ArrayNode array = node.putArray("args");
            args.forEach(array::add);
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message, or empty when Wings' decoder would fail (it then drops the message silently). */
    static Optional<ConsoleMessage> decode(ObjectMapper mapper, String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode event = node.get("event");
        if (event != null && !event.isTextual() && !event.isNull()) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>();
        JsonNode array = node.get("args");
        if (array != null && !array.isNull()) {
            if (!array.isArray()) {
                return Optional.empty();
            }
            for (JsonNode arg : array) {
                if (arg.isNull()) {
                    args.add("");
                } else if (arg.isTextual()) {
                    args.add(arg.textValue());
                } else {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new ConsoleMessage(event == null || event.isNull() ? "" : event.textValue(), args));
    }
}
