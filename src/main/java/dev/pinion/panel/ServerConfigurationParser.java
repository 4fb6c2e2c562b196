package dev.pinion.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;

/** Turns the Panel's raw server JSON into a {@link ServerConfiguration}. */
public final class ServerConfigurationParser {
    private final ObjectMapper mapper;

    public ServerConfigurationParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Parses one boot-list item.
     *
     * @throws PanelResponseFormatException when the item is not a valid server configuration
     */
    public ServerConfiguration parse(RawServerData raw) {
        return parse(raw.settings(), raw.processConfiguration(), raw.uuid());
    }

    /** Parses a GET /servers/{uuid} body ({@code {settings, process_configuration}}). */
    public ServerConfiguration parse(JsonNode response) {
        return parse(response.get("settings"), response.get("process_configuration"), null);
    }

    private ServerConfiguration parse(JsonNode settingsNode, JsonNode processNode, String listedUuid) {
        String which = listedUuid == null ? "server" : "server " + listedUuid;
        if (settingsNode == null || !settingsNode.isObject()) {
            throw new PanelResponseFormatException(which + ": the Panel sent no settings object", null);
        }
        JsonNode process = processNode == null ? NullNode.getInstance() : processNode;
        try {
            ServerSettings settings = mapper.treeToValue(settingsNode, ServerSettings.class);
            ProcessConfiguration processConfiguration = process.isNull()
                    ? new ProcessConfiguration(null, null, null)
                    : mapper.treeToValue(process, ProcessConfiguration.class);
            if (settings.uuid() == null || settings.uuid().isEmpty()) {
                throw new PanelResponseFormatException(which + ": settings.uuid is missing", null);
            }
            return new ServerConfiguration(settings, processConfiguration, settingsNode.deepCopy(), process.deepCopy());
        } catch (IOException e) {
            throw new PanelResponseFormatException(which + ": could not parse the configuration: " + e.getMessage(), e);
        }
    }
}
