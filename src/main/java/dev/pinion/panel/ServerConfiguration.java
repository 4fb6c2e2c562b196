package dev.pinion.panel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One server's configuration from the Panel (GET /servers/{uuid}, or one item of GET /servers):
 * typed {@code settings} and {@code process_configuration}, plus the raw JSON of both for code
 * (egg config-file parsers, persistence) that needs the Panel's exact document.
 */
public record ServerConfiguration(
        ServerSettings settings,
        ProcessConfiguration processConfiguration,
        JsonNode rawSettings,
        JsonNode rawProcessConfiguration) {

    /** The server's uuid, from {@code settings.uuid}. */
    public String uuid() {
        return settings.uuid();
    }
}
