package dev.pinion.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code api} section: the HTTP listener the Panel and browsers talk to. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiConfig(
        @JsonProperty("host") String host,
        @JsonProperty("port") Integer port,
        @JsonProperty("ssl") Ssl ssl,
        @JsonProperty("disable_remote_download") Boolean disableRemoteDownload,
        @JsonProperty("upload_limit") Long uploadLimit,
        @JsonProperty("trusted_proxies") List<String> trustedProxies) {

    public ApiConfig {
        host = requireNonNullElse(host, "0.0.0.0");
        port = requireNonNullElse(port, 8080);
        ssl = requireNonNullElse(ssl, Ssl.defaults());
        disableRemoteDownload = requireNonNullElse(disableRemoteDownload, false);
        uploadLimit = requireNonNullElse(uploadLimit, 100L);
        trustedProxies = List.copyOf(requireNonNullElse(trustedProxies, List.of()));
    }

    public static ApiConfig defaults() {
        return new ApiConfig(null, null, null, null, null, null);
    }

    /** TLS for the API listener, from PEM files (the Panel writes Let's Encrypt paths). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ssl(
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("cert") String cert,
            @JsonProperty("key") String key) {
        public Ssl {
            enabled = requireNonNullElse(enabled, false);
            cert = requireNonNullElse(cert, "");
            key = requireNonNullElse(key, "");
        }

        public static Ssl defaults() {
            return new Ssl(null, null, null);
        }
    }
}
