package dev.pinion.panel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@link ConfigurationFile} while keeping the entry's raw JSON beside the typed view. */
final class ConfigurationFileDeserializer extends JsonDeserializer<ConfigurationFile> {
    @Override
    public ConfigurationFile deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode node = parser.readValueAsTree();
        if (node == null || !node.isObject()) {
            return context.reportInputMismatch(ConfigurationFile.class, "a configs[] entry must be an object");
        }
        List<ConfigurationFile.Replacement> replacements = new ArrayList<>();
        JsonNode replace = node.path("replace");
        if (replace.isArray()) {
            for (JsonNode entry : replace) {
                replacements.add(replacement(entry));
            }
        }
        return new ConfigurationFile(text(node, "file"), text(node, "parser"), replacements, node.deepCopy());
    }

    private static ConfigurationFile.Replacement replacement(JsonNode entry) {
        JsonNode value = entry.has("replace_with") ? entry.get("replace_with") : entry.get("value");
        return new ConfigurationFile.Replacement(
                text(entry, "match"),
                text(entry, "if_value"),
                value == null ? NullNode.getInstance() : value.deepCopy());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
