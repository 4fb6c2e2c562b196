package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a tree as Wings writes JSON config files (gabs BytesIndent over Go encoding/json): 4-space
 * indentation, HTML characters escaped, no trailing newline; keys in the file's own order (spec README
 * decision) where Go would sort them.
 */
final class GoJsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        value(node, 0, out);
        return out.toString();
    }

    private void value(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                newline(depth + 1, out);
                string(field.getKey(), out);
                out.append(": ");
                value(field.getValue(), depth + 1, out);
                if (fields.hasNext()) {
                    out.append(',');
                }
            }
            newline(depth, out);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                newline(depth + 1, out);
                value(node.get(i), depth + 1, out);
                if (i + 1 < node.size()) {
                    out.append(',');
                }
            }
            newline(depth, out);
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isNumber()) {
            out.append(GoNumbers.json(node));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            out.append("null");
        }
    }

    private static void newline(int depth, StringBuilder out) {
        out.append('\n');
        out.append("    ".repeat(depth));
    }

    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u")
                                .append(HEX[c >> 12 & 0xf])
                                .append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
