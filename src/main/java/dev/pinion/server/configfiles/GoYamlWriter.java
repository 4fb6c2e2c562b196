package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a tree in the layout of Go's yaml.v3 Marshal, which Wings uses: 4-space indentation aligned to
 * multiples of 4, sequence items indented under their key, a mapping inside a sequence item starting
 * after {@code "- "}, and yaml.v3's choice between plain, single-quoted, double-quoted and literal
 * scalars (see {@link YamlScalarStyle}).
 */
final class GoYamlWriter {
    private static final int INDENT = 4;

    String write(ObjectNode root) {
        if (root.isEmpty()) {
            return "{}\n";
        }
        StringBuilder out = new StringBuilder();
        mapping(root, 0, false, out);
        return out.toString();
    }

    /** yaml.v3 aligns nested block indentation to the next multiple of the indent width. */
    private static int next(int indent) {
        return INDENT * ((indent + INDENT) / INDENT);
    }

    private void mapping(JsonNode map, int indent, boolean inline, StringBuilder out) {
        Iterator<Map.Entry<String, JsonNode>> fields = map.properties().iterator();
        boolean first = true;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!(first && inline)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(YamlScalarStyle.key(field.getKey())).append(':');
            JsonNode value = field.getValue();
            if (value.isContainerNode() && !value.isEmpty()) {
                out.append('\n');
                if (value.isObject()) {
                    mapping(value, next(indent), false, out);
                } else {
                    sequence(value, next(indent), false, out);
                }
            } else {
                out.append(' ');
                scalar(value, next(indent), out);
                out.append('\n');
            }
        }
    }

    private void sequence(JsonNode list, int indent, boolean inline, StringBuilder out) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!(i == 0 && inline)) {
                out.append(" ".repeat(indent));
            }
            out.append("- ");
            if (item.isContainerNode() && !item.isEmpty()) {
                if (item.isObject()) {
                    mapping(item, indent + 2, true, out);
                } else {
                    sequence(item, indent + 2, true, out);
                }
            } else {
                scalar(item, next(indent), out);
                out.append('\n');
            }
        }
    }

    private void scalar(JsonNode value, int blockIndent, StringBuilder out) {
        if (value.isObject()) {
            out.append("{}");
        } else if (value.isArray()) {
            out.append("[]");
        } else if (value.isTextual()) {
            out.append(YamlScalarStyle.value(value.textValue(), blockIndent));
        } else if (value.isNumber()) {
            out.append(GoNumbers.yaml(value));
        } else if (value.isBoolean()) {
            out.append(value.booleanValue());
        } else {
            out.append("null");
        }
    }
}
