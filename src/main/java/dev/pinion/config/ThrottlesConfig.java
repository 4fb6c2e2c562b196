package dev.pinion.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code throttles} section: the console output throttle. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThrottlesConfig(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("lines") Long lines,
        @JsonProperty("line_reset_interval") Long lineResetInterval) {

    public ThrottlesConfig {
        enabled = requireNonNullElse(enabled, true);
        lines = requireNonNullElse(lines, 2000L);
        lineResetInterval = requireNonNullElse(lineResetInterval, 100L);
    }

    public static ThrottlesConfig defaults() {
        return new ThrottlesConfig(null, null, null);
    }
}
