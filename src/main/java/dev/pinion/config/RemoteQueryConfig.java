package dev.pinion.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code remote_query} section: how Pinion queries the Panel. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoteQueryConfig(
        @JsonProperty("timeout") Long timeout,
        @JsonProperty("boot_servers_per_page") Integer bootServersPerPage) {

    public RemoteQueryConfig {
        timeout = requireNonNullElse(timeout, 30L);
        bootServersPerPage = requireNonNullElse(bootServersPerPage, 50);
    }

    public static RemoteQueryConfig defaults() {
        return new RemoteQueryConfig(null, null);
    }
}
