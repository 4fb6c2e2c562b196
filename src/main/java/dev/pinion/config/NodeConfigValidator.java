package dev.pinion.config;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@link NodeConfig} and names every problem by its config.yml key, so an operator (or
 * the Panel, for an update) learns exactly which value to fix.
 */
public final class NodeConfigValidator {
    private static final Set<String> COMPRESSION_LEVELS = Set.of("none", "best_speed", "best_compression");
    private static final Set<String> OPENAT_MODES = Set.of("auto", "openat2", "openat");

    /** Every problem as "key: problem"; empty when the configuration is valid. */
    public List<String> problems(NodeConfig config) {
        List<String> problems = new ArrayList<>();
        ApiConfig api = config.api();
        port(problems, "api.port", api.port());
        notBlank(problems, "api.host", api.host());
        if (api.ssl().enabled()) {
            notBlank(problems, "api.ssl.cert", api.ssl().cert());
            notBlank(problems, "api.ssl.key", api.ssl().key());
        }
        atLeast(problems, "api.upload_limit", api.uploadLimit(), 1);
        for (int i = 0; i < api.trustedProxies().size(); i++) {
            if (AddressRange.parse(api.trustedProxies().get(i)).isEmpty()) {
                problems.add("api.trusted_proxies[" + i + "]: '"
                        + api.trustedProxies().get(i) + "' is not an IP address or CIDR block");
            }
        }
        remote(problems, config.remote());

        SystemConfig system = config.system();
        absolute(problems, "system.root_directory", system.rootDirectory());
        absolute(problems, "system.log_directory", system.logDirectory());
        absolute(problems, "system.data", system.data());
        absolute(problems, "system.archive_directory", system.archiveDirectory());
        absolute(problems, "system.backup_directory", system.backupDirectory());
        absolute(problems, "system.tmp_directory", system.tmpDirectory());
        notBlank(problems, "system.username", system.username());
        timezone(problems, system.timezone());
        atLeast(problems, "system.disk_check_interval", system.diskCheckInterval(), 0);
        atLeast(problems, "system.activity_send_interval", system.activitySendInterval(), 1);
        atLeast(problems, "system.activity_send_count", system.activitySendCount(), 1);
        atLeast(problems, "system.websocket_log_count", system.websocketLogCount(), 0);
        port(problems, "system.sftp.bind_port", system.sftp().bindPort());
        atLeast(
                problems,
                "system.crash_detection.timeout",
                system.crashDetection().timeout(),
                0);
        atLeast(problems, "system.backups.write_limit", system.backups().writeLimit(), 0);
        oneOf(problems, "system.backups.compression_level", system.backups().compressionLevel(), COMPRESSION_LEVELS);
        atLeast(problems, "system.transfers.download_limit", system.transfers().downloadLimit(), 0);
        oneOf(problems, "system.openat_mode", system.openatMode(), OPENAT_MODES);

        DockerConfig docker = config.docker();
        notBlank(problems, "docker.network.name", docker.network().name());
        atLeast(problems, "docker.network.network_mtu", docker.network().networkMtu(), 68);
        atLeast(problems, "docker.tmpfs_size", docker.tmpfsSize(), 0);
        atLeast(problems, "docker.container_pid_limit", docker.containerPidLimit(), 0);
        atLeast(
                problems,
                "docker.installer_limits.memory",
                docker.installerLimits().memory(),
                0);
        atLeast(
                problems,
                "docker.installer_limits.cpu",
                docker.installerLimits().cpu(),
                0);
        if (docker.overhead().defaultMultiplier() < 1.0) {
            problems.add("docker.overhead.default_multiplier: must be at least 1.0");
        }

        atLeast(problems, "throttles.lines", config.throttles().lines(), 1);
        atLeast(problems, "throttles.line_reset_interval", config.throttles().lineResetInterval(), 1);
        atLeast(problems, "remote_query.timeout", config.remoteQuery().timeout(), 1);
        atLeast(
                problems,
                "remote_query.boot_servers_per_page",
                config.remoteQuery().bootServersPerPage(),
                1);
        for (int i = 0; i < config.allowedMounts().size(); i++) {
            absolute(
                    problems,
                    "allowed_mounts[" + i + "]",
                    config.allowedMounts().get(i));
        }

        PinionSettings pinion = config.pinion();
        port(problems, "pinion.admin.port", pinion.admin().port());
        notBlank(problems, "pinion.admin.host", pinion.admin().host());
        if (pinion.minFreeDiskPercent() < 0 || pinion.minFreeDiskPercent() > 100) {
            problems.add("pinion.min_free_disk_percent: must be between 0 and 100");
        }
        atLeast(problems, "pinion.max_json_body_bytes", pinion.maxJsonBodyBytes(), 1024);
        atLeast(problems, "pinion.http_idle_timeout_seconds", pinion.httpIdleTimeoutSeconds(), 1);
        return problems;
    }

    private static void port(List<String> problems, String key, int port) {
        // 0 asks the kernel for a free port, which tests and side-by-side runs rely on.
        if (port < 0 || port > 65535) {
            problems.add(key + ": must be between 0 and 65535, got " + port);
        }
    }

    private static void atLeast(List<String> problems, String key, long value, long minimum) {
        if (value < minimum) {
            problems.add(key + ": must be at least " + minimum + ", got " + value);
        }
    }

    private static void notBlank(List<String> problems, String key, String value) {
        if (value.isBlank()) {
            problems.add(key + ": must not be empty");
        }
    }

    private static void absolute(List<String> problems, String key, String value) {
        if (!value.startsWith("/")) {
            problems.add(key + ": must be an absolute path, got '" + value + "'");
        }
    }

    private static void oneOf(List<String> problems, String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            problems.add(key + ": must be one of " + allowed.stream().sorted().toList() + ", got '" + value + "'");
        }
    }

    private static void remote(List<String> problems, String remote) {
        if (remote.isEmpty()) {
            return; // a node not yet configured still starts; the Panel health check reports it
        }
        try {
            URI uri = URI.create(remote);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add("remote: must be an http(s) URL of the Panel, got '" + remote + "'");
            }
        } catch (IllegalArgumentException e) {
            problems.add("remote: must be an http(s) URL of the Panel, got '" + remote + "'");
        }
    }

    private static void timezone(List<String> problems, String zone) {
        if (zone.isEmpty()) {
            return; // detected at boot
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            problems.add("system.timezone: '" + zone + "' is not a known time zone");
        }
    }
}
