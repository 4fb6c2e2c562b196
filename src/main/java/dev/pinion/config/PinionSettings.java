package dev.pinion.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

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
        @JsonProperty("sftp") SftpLimits sftp,
        @JsonProperty("activity") ActivityLimits activity,
        @JsonProperty("console") Console console,
        @JsonProperty("transfer_stall_seconds") Integer transferStallSeconds,
        @JsonProperty("http_idle_timeout_seconds") Integer httpIdleTimeoutSeconds) {

    public PinionSettings {
        // Empty means: DOCKER_HOST from the environment, else the local unix socket.
        dockerHost = requireNonNullElse(dockerHost, "");
        admin = requireNonNullElse(admin, Admin.defaults());
        minFreeDiskPercent = requireNonNullElse(minFreeDiskPercent, 5);
        maxJsonBodyBytes = requireNonNullElse(maxJsonBodyBytes, 4L * 1024 * 1024);
        // Tokens without a scope claim come from Panels older than the scope fix: refused unless opted in.
        allowUnscopedTokens = requireNonNullElse(allowUnscopedTokens, false);
        sftp = requireNonNullElse(sftp, SftpLimits.defaults());
        activity = requireNonNullElse(activity, ActivityLimits.defaults());
        console = requireNonNullElse(console, Console.defaults());
        // A transfer that moved no byte for this long makes the "transfers" health check unhealthy.
        transferStallSeconds = requireNonNullElse(transferStallSeconds, 300);
        // Jetty's (and Dropwizard's) default: an API connection idle this long is closed. Console
        // WebSockets are exempt (they set their own, infinite, timeout).
        httpIdleTimeoutSeconds = requireNonNullElse(httpIdleTimeoutSeconds, 30);
    }

    public static PinionSettings defaults() {
        return new PinionSettings(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * SFTP limits Wings lacks: an address with {@code failed_login_limit} failed logins within
     * {@code failed_login_window_seconds} is refused for {@code ban_seconds} (0 disables); at most
     * {@code max_tracked_addresses} are remembered; a Panel "yes" is reused for {@code auth_cache_seconds};
     * at most {@code max_sessions} SFTP channels are served at once.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SftpLimits(
            @JsonProperty("failed_login_limit") Integer failedLoginLimit,
            @JsonProperty("failed_login_window_seconds") Long failedLoginWindowSeconds,
            @JsonProperty("ban_seconds") Long banSeconds,
            @JsonProperty("max_tracked_addresses") Integer maxTrackedAddresses,
            @JsonProperty("auth_cache_seconds") Long authCacheSeconds,
            @JsonProperty("max_sessions") Integer maxSessions) {
        public SftpLimits {
            failedLoginLimit = requireNonNullElse(failedLoginLimit, 10);
            failedLoginWindowSeconds = requireNonNullElse(failedLoginWindowSeconds, 60L);
            banSeconds = requireNonNullElse(banSeconds, 600L);
            maxTrackedAddresses = requireNonNullElse(maxTrackedAddresses, 10_000);
            authCacheSeconds = requireNonNullElse(authCacheSeconds, 10L);
            maxSessions = requireNonNullElse(maxSessions, 512);
        }

        public static SftpLimits defaults() {
            return new SftpLimits(null, null, null, null, null, null);
        }
    }

    /**
     * Activity queue limits: at most {@code max_queued} entries kept on disk (the oldest dropped past it),
     * an entry dropped after {@code max_attempts} failed deliveries, retries backed off up to
     * {@code max_backoff_seconds}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActivityLimits(
            @JsonProperty("max_queued") Long maxQueued,
            @JsonProperty("max_attempts") Integer maxAttempts,
            @JsonProperty("max_backoff_seconds") Long maxBackoffSeconds) {
        public ActivityLimits {
            maxQueued = requireNonNullElse(maxQueued, 100_000L);
            maxAttempts = requireNonNullElse(maxAttempts, 50);
            maxBackoffSeconds = requireNonNullElse(maxBackoffSeconds, 900L);
        }

        public static ActivityLimits defaults() {
            return new ActivityLimits(null, null, null);
        }
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
    public record Console(
            @JsonProperty("max_sockets_per_server") Integer maxSocketsPerServer,
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
    public record Admin(
            @JsonProperty("host") String host,
            @JsonProperty("port") Integer port) {
        public Admin {
            host = requireNonNullElse(host, "127.0.0.1");
            port = requireNonNullElse(port, 8081);
        }

        public static Admin defaults() {
            return new Admin(null, null);
        }
    }
}
