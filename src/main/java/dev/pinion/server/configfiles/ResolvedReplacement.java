package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A replacement after placeholder resolution: the text a parser writes, plus what is needed to type it
 * in JSON and YAML.
 *
 * @param match the key path
 * @param ifValue the optional condition (never templated, as in the Panel)
 * @param text the textual value (server-lifecycle-docker.md §4.3)
 * @param fromBoolean whether {@code replace_with} was a JSON boolean
 */
record ResolvedReplacement(String match, Optional<String> ifValue, String text, boolean fromBoolean) {
    /** strconv.Atoi: optional sign, decimal digits only. */
    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");

    /**
     * The value Wings puts into a JSON or YAML tree (upstream getKeyValue): booleans stay booleans,
     * base-10 integers that fit 64 bits become numbers ({@code 007} is 7), everything else a string.
     */
    JsonNode typedValue() {
        if (fromBoolean) {
            return BooleanNode.valueOf(parseGoBool(text));
        }
        if (GO_INT.matcher(text).matches()) {
            try {
                return LongNode.valueOf(Long.parseLong(text.startsWith("+") ? text.substring(1) : text));
            } catch (NumberFormatException tooBig) {
                return TextNode.valueOf(text);
            }
        }
        return TextNode.valueOf(text);
    }

    /** strconv.ParseBool, with its errors read as false as Wings ignores them. */
    private static boolean parseGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            default -> false;
        };
    }
}
