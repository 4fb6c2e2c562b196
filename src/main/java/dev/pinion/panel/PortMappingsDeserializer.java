package dev.pinion.panel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code allocations.mappings} (IP → ports), accepting the {@code []} that PHP emits for an
 * empty map (spec wings-to-panel-and-config.md A4, robustness notes).
 */
final class PortMappingsDeserializer extends JsonDeserializer<Map<String, List<Integer>>> {
    @Override
    public Map<String, List<Integer>> deserialize(JsonParser parser, DeserializationContext context)
            throws IOException {
        JsonNode node = parser.readValueAsTree();
        Map<String, List<Integer>> mappings = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            if (node != null && node.isArray() && !node.isEmpty()) {
                return context.reportInputMismatch(Map.class, "allocations.mappings must be an object of IP to ports");
            }
            return Map.of();
        }
        for (var entry : node.properties()) {
            List<Integer> ports = new ArrayList<>();
            for (JsonNode port : entry.getValue()) {
                if (!port.canConvertToInt()) {
                    return context.reportInputMismatch(Map.class, "port for " + entry.getKey() + " is not an integer");
                }
                ports.add(port.asInt());
            }
            mappings.put(entry.getKey(), Collections.unmodifiableList(ports));
        }
        return Collections.unmodifiableMap(mappings);
    }

    @Override
    public Map<String, List<Integer>> getNullValue(DeserializationContext context) {
        return Map.of();
    }
}
