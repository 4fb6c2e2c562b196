package dev.pinion.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code system} section: directories, the system user, SFTP, crash detection, backups. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemConfig(
        @JsonProperty("root_directory") String rootDirectory,
        @JsonProperty("log_directory") String logDirectory,
        @JsonProperty("data") String data,
        @JsonProperty("archive_directory") String archiveDirectory,
        @JsonProperty("backup_directory") String backupDirectory,
        @JsonProperty("tmp_directory") String tmpDirectory,
        @JsonProperty("username") String username,
        @JsonProperty("timezone") String timezone,
        @JsonProperty("user") User user,
        @JsonProperty("disk_check_interval") Long diskCheckInterval,
        @JsonProperty("activity_send_interval") Long activitySendInterval,
        @JsonProperty("activity_send_count") Integer activitySendCount,
        @JsonProperty("check_permissions_on_boot") Boolean checkPermissionsOnBoot,
        @JsonProperty("enable_log_rotate") Boolean enableLogRotate,
        @JsonProperty("websocket_log_count") Integer websocketLogCount,
        @JsonProperty("sftp") Sftp sftp,
        @JsonProperty("crash_detection") CrashDetection crashDetection,
        @JsonProperty("backups") Backups backups,
        @JsonProperty("transfers") Transfers transfers,
        @JsonProperty("openat_mode") String openatMode) {

    public SystemConfig {
        rootDirectory = requireNonNullElse(rootDirectory, "/var/lib/pterodactyl");
        logDirectory = requireNonNullElse(logDirectory, "/var/log/pterodactyl");
        data = requireNonNullElse(data, "/var/lib/pterodactyl/volumes");
        archiveDirectory = requireNonNullElse(archiveDirectory, "/var/lib/pterodactyl/archives");
        backupDirectory = requireNonNullElse(backupDirectory, "/var/lib/pterodactyl/backups");
        tmpDirectory = requireNonNullElse(tmpDirectory, "/tmp/pterodactyl");
        username = requireNonNullElse(username, "pterodactyl");
        timezone = requireNonNullElse(timezone, "");
        user = requireNonNullElse(user, User.defaults());
        diskCheckInterval = requireNonNullElse(diskCheckInterval, 150L);
        activitySendInterval = requireNonNullElse(activitySendInterval, 60L);
        activitySendCount = requireNonNullElse(activitySendCount, 100);
        checkPermissionsOnBoot = requireNonNullElse(checkPermissionsOnBoot, true);
        enableLogRotate = requireNonNullElse(enableLogRotate, true);
        websocketLogCount = requireNonNullElse(websocketLogCount, 150);
        sftp = requireNonNullElse(sftp, Sftp.defaults());
        crashDetection = requireNonNullElse(crashDetection, CrashDetection.defaults());
        backups = requireNonNullElse(backups, Backups.defaults());
        transfers = requireNonNullElse(transfers, Transfers.defaults());
        openatMode = requireNonNullElse(openatMode, "auto");
    }

    public static SystemConfig defaults() {
        return new SystemConfig(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public SystemConfig withTimezone(String zone) {
        return new SystemConfig(
                rootDirectory,
                logDirectory,
                data,
                archiveDirectory,
                backupDirectory,
                tmpDirectory,
                username,
                zone,
                user,
                diskCheckInterval,
                activitySendInterval,
                activitySendCount,
                checkPermissionsOnBoot,
                enableLogRotate,
                websocketLogCount,
                sftp,
                crashDetection,
                backups,
                transfers,
                openatMode);
    }

    public SystemConfig withUserIds(int uid, int gid) {
        return new SystemConfig(
                rootDirectory,
                logDirectory,
                data,
                archiveDirectory,
                backupDirectory,
                tmpDirectory,
                username,
                timezone,
                new User(user.rootless(), uid, gid),
                diskCheckInterval,
                activitySendInterval,
                activitySendCount,
                checkPermissionsOnBoot,
                enableLogRotate,
                websocketLogCount,
                sftp,
                crashDetection,
                backups,
                transfers,
                openatMode);
    }

    /** The system user owning server files and running containers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(
            @JsonProperty("rootless") Rootless rootless,
            @JsonProperty("uid") Integer uid,
            @JsonProperty("gid") Integer gid) {
        public User {
            rootless = requireNonNullElse(rootless, Rootless.defaults());
            uid = requireNonNullElse(uid, 0);
            gid = requireNonNullElse(gid, 0);
        }

        public static User defaults() {
            return new User(null, null, null);
        }
    }

    /** Rootless Docker: containers run as the given ids. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rootless(
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("container_uid") Integer containerUid,
            @JsonProperty("container_gid") Integer containerGid) {
        public Rootless {
            enabled = requireNonNullElse(enabled, false);
            containerUid = requireNonNullElse(containerUid, 0);
            containerGid = requireNonNullElse(containerGid, 0);
        }

        public static Rootless defaults() {
            return new Rootless(null, null, null);
        }
    }

    /** The SFTP listener. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sftp(
            @JsonProperty("bind_address") String bindAddress,
            @JsonProperty("bind_port") Integer bindPort,
            @JsonProperty("read_only") Boolean readOnly,
            // Pelican fork addition: refuse password logins.
            @JsonProperty("key_only") Boolean keyOnly) {
        public Sftp {
            bindAddress = requireNonNullElse(bindAddress, "0.0.0.0");
            bindPort = requireNonNullElse(bindPort, 2022);
            readOnly = requireNonNullElse(readOnly, false);
            keyOnly = requireNonNullElse(keyOnly, false);
        }

        public static Sftp defaults() {
            return new Sftp(null, null, null, null);
        }
    }

    /** When a server whose process exits on its own is restarted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CrashDetection(
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("detect_clean_exit_as_crash") Boolean detectCleanExitAsCrash,
            @JsonProperty("timeout") Long timeout) {
        public CrashDetection {
            enabled = requireNonNullElse(enabled, true);
            detectCleanExitAsCrash = requireNonNullElse(detectCleanExitAsCrash, true);
            timeout = requireNonNullElse(timeout, 60L);
        }

        public static CrashDetection defaults() {
            return new CrashDetection(null, null, null);
        }
    }

    /** Backup write speed and compression. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Backups(
            @JsonProperty("write_limit") Long writeLimit,
            @JsonProperty("compression_level") String compressionLevel,
            // Pelican's key: addresses an S3 restore download may reach although private (loopback S3, MinIO on the
            // LAN).
            @JsonProperty("restore_host_allowlist") List<String> restoreHostAllowlist) {
        public Backups {
            writeLimit = requireNonNullElse(writeLimit, 0L);
            compressionLevel = requireNonNullElse(compressionLevel, "best_speed");
            restoreHostAllowlist = restoreHostAllowlist == null ? List.of() : List.copyOf(restoreHostAllowlist);
        }

        public static Backups defaults() {
            return new Backups(null, null, null);
        }
    }

    /** Incoming transfer download speed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transfers(@JsonProperty("download_limit") Long downloadLimit) {
        public Transfers {
            downloadLimit = requireNonNullElse(downloadLimit, 0L);
        }

        public static Transfers defaults() {
            return new Transfers(null);
        }
    }
}
