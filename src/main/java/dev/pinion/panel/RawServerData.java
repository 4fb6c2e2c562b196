package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One item of the boot list (GET /servers), left unparsed so one malformed server can be logged and
 * skipped while the others load, as Wings does (spec A3 step 3). Parse with {@link ServerConfigurationParser}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RawServerData(
        @JsonProperty("uuid") String uuid,
        @JsonProperty("settings") JsonNode settings,
        @JsonProperty("process_configuration") JsonNode processConfiguration) {}
