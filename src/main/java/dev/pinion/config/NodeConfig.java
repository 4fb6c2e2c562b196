package dev.pinion.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything Wings' config.yml holds, in Wings' key order and with Wings' defaults, plus the
 * {@code pinion} section. Immutable: an update from the Panel produces a new instance.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeConfig(
        @JsonProperty("debug") Boolean debug,
        @JsonProperty("app_name") String appName,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("token_id") String tokenId,
        @JsonProperty("token") String token,
        @JsonProperty("api") ApiConfig api,
        @JsonProperty("system") SystemConfig system,
        @JsonProperty("docker") DockerConfig docker,
        @JsonProperty("throttles") ThrottlesConfig throttles,
        @JsonProperty("remote") String remote,
        @JsonProperty("remote_query") RemoteQueryConfig remoteQuery,
        @JsonProperty("allowed_mounts") List<String> allowedMounts,
        @JsonProperty("allowed_origins") List<String> allowedOrigins,
        @JsonProperty("allow_cors_private_network") Boolean allowCorsPrivateNetwork,
        @JsonProperty("ignore_panel_config_updates") Boolean ignorePanelConfigUpdates,
        @JsonProperty("pinion") PinionSettings pinion) {

    public NodeConfig {
        debug = requireNonNullElse(debug, false);
        appName = requireNonNullElse(appName, "Pterodactyl");
        uuid = requireNonNullElse(uuid, "");
        tokenId = requireNonNullElse(tokenId, "");
        token = requireNonNullElse(token, "");
        api = requireNonNullElse(api, ApiConfig.defaults());
        system = requireNonNullElse(system, SystemConfig.defaults());
        docker = requireNonNullElse(docker, DockerConfig.defaults());
        throttles = requireNonNullElse(throttles, ThrottlesConfig.defaults());
        remote = requireNonNullElse(remote, "");
        remoteQuery = requireNonNullElse(remoteQuery, RemoteQueryConfig.defaults());
        allowedMounts = List.copyOf(requireNonNullElse(allowedMounts, List.of()));
        allowedOrigins = List.copyOf(requireNonNullElse(allowedOrigins, List.of()));
        allowCorsPrivateNetwork = requireNonNullElse(allowCorsPrivateNetwork, false);
        ignorePanelConfigUpdates = requireNonNullElse(ignorePanelConfigUpdates, false);
        pinion = requireNonNullElse(pinion, PinionSettings.defaults());
    }

    public static NodeConfig defaults() {
        return new NodeConfig(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public NodeConfig withSystem(SystemConfig newSystem) {
        return new NodeConfig(
                debug,
                appName,
                uuid,
                tokenId,
                token,
                api,
                newSystem,
                docker,
                throttles,
                remote,
                remoteQuery,
                allowedMounts,
                allowedOrigins,
                allowCorsPrivateNetwork,
                ignorePanelConfigUpdates,
                pinion);
    }
}
