package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** GET /servers/{uuid}/install: the installer image, its entrypoint and the script (null → empty, spec A6). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallationScript(
        @JsonProperty("container_image") String containerImage,
        @JsonProperty("entrypoint") String entrypoint,
        @JsonProperty("script") String script) {
    public InstallationScript {
        containerImage = containerImage == null ? "" : containerImage;
        entrypoint = entrypoint == null ? "" : entrypoint;
        script = script == null ? "" : script;
    }
}
