package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * One entry of {@code process_configuration.configs}: a file in the server root, its parser and its
 * replacements. {@link #raw()} is the entry exactly as the Panel sent it (other egg keys pass
 * through), which the egg config-file parsers read.
 */
@JsonDeserialize(using = ConfigurationFileDeserializer.class)
public record ConfigurationFile(String file, String parser, List<Replacement> replace, JsonNode raw) {
    public ConfigurationFile {
        file = file == null ? "" : file;
        parser = parser == null ? "" : parser;
        replace = replace == null ? List.of() : List.copyOf(replace);
    }

    /** Serialises back to exactly what the Panel sent. */
    @JsonValue
    public JsonNode raw() {
        return raw;
    }

    /**
     * One replacement: the key path or line prefix ({@code match}), an optional {@code if_value}
     * condition, and the new value (string, number, boolean or null; legacy key {@code value} is
     * used when {@code replace_with} is absent).
     */
    public record Replacement(String match, String ifValue, JsonNode replaceWith) {}
}
