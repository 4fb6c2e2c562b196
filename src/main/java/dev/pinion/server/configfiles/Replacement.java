package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code {match, if_value, replace_with}} entry of an egg configuration file, as the Panel sends it.
 *
 * @param match the key path (or line prefix for the {@code file} parser)
 * @param ifValue the optional condition; empty when absent or empty (Wings treats "" as absent)
 * @param replaceWith the raw JSON value, whatever its type: the type decides how it is written
 */
public record Replacement(String match, Optional<String> ifValue, JsonNode replaceWith) {
    public Replacement {
        Objects.requireNonNull(match, "match");
        ifValue = ifValue.filter(v -> !v.isEmpty());
        Objects.requireNonNull(replaceWith, "replaceWith");
    }
}
