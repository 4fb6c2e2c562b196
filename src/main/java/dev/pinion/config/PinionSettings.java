package dev.pinion.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import static java.util.Objects.requireNonNullElse;

/**
 * The {@code pinion} section: settings Wings does not have. Wings ignores unknown keys, so a file
 * carrying this section still works on a Wings node.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PinionSettings(
        @JsonProperty("docker_host") String dockerHost,
        @JsonProperty("admin") Admin admin,
        @JsonProperty("min_free_disk_percent") Integer minFreeDiskPercent,
        @JsonProperty("max_json_body_bytes") Long maxJsonBodyBytes,
        @JsonProperty("allow_unscoped_tokens") Boolean allowUnscopedTokens,
        @JsonProperty("console") Console console,
        @JsonProperty("transfer_stall_seconds") Integer transferStallSeconds) {

    public PinionSettings {
        // Empty means: DOCKER_HOST from the environment, else the local unix socket.
        dockerHost = requireNonNullElse(dockerHost, "");
        admin = requireNonNullElse(admin, Admin.defaults());
        minFreeDiskPercent = requireNonNullElse(minFreeDiskPercent, 5);
        maxJsonBodyBytes = requireNonNullElse(maxJsonBodyBytes, 4L * 1024 * 1024);
        // Tokens without a scope claim come from Panels older than the scope fix: refused unless opted in.
        allowUnscopedTokens = requireNonNullElse(allowUnscopedTokens, false);
        console = requireNonNullElse(console, Console.defaults());
        // A transfer that moved no byte for this long makes the "transfers" health check unhealthy.
        transferStallSeconds = requireNonNullElse(transferStallSeconds, 300);
    }

    public static PinionSettings defaults() {
        return new PinionSettings(null, null, null, null, null, null, null);
    }

    /**
     * The console WebSocket's knobs that differ from Wings' fixed values only on purpose: a load
     * test that needs more sockets, a test that cannot wait 30 s for an expiry check.
     *
     * @param maxSocketsPerServer  open sockets per server (Wings: 30)
     * @param tokenExpiryCheckMs   how often a socket's token expiry is looked at (Wings: 30 s)
     * @param sendTimeoutMs        how long one message may take to reach a browser before it is dropped
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Console(@JsonProperty("max_sockets_per_server") Integer maxSocketsPerServer,
                          @JsonProperty("token_expiry_check_ms") Long tokenExpiryCheckMs,
                          @JsonProperty("send_timeout_ms") Long sendTimeoutMs,
                          @JsonProperty("auth_deadline_ms") Long authDeadlineMs,
                          @JsonProperty("max_sockets_per_address") Integer maxSocketsPerAddress,
                          @JsonProperty("max_pending_sockets_per_address") Integer maxPendingSocketsPerAddress,
                          @JsonProperty("ping_interval_ms") Long pingIntervalMs) {
        public Console {
            maxSocketsPerServer = requireNonNullElse(maxSocketsPerServer, 30);
            tokenExpiryCheckMs = requireNonNullElse(tokenExpiryCheckMs, 30_000L);
            sendTimeoutMs = requireNonNullElse(sendTimeoutMs, 30_000L);
            authDeadlineMs = requireNonNullElse(authDeadlineMs, 10_000L);
            maxSocketsPerAddress = requireNonNullElse(maxSocketsPerAddress, 100);
            maxPendingSocketsPerAddress = requireNonNullElse(maxPendingSocketsPerAddress, 10);
            pingIntervalMs = requireNonNullElse(pingIntervalMs, 30_000L);
        }

        public static Console defaults() {
            return new Console(null, null, null, null, null, null, null);
        }
    }

    /** The Dropwizard admin listener (health checks, metrics); loopback unless said otherwise. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Admin(@JsonProperty("host") String host, @JsonProperty("port") Integer port) {
        public Admin {
            host = requireNonNullElse(host, "127.0.0.1");
            port = requireNonNullElse(port, 8081);
        }

        public static Admin defaults() {
            return new Admin(null, null);
        }
    }
}
