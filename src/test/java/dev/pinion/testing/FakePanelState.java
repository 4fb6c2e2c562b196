package dev.pinion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the fake Panel knows: servers, backups, users, activity. Thread-safe; shared by the handlers. */
final class FakePanelState {
    final Map<String, Server> servers = new ConcurrentHashMap<>();
    final Map<String, Backup> backups = new ConcurrentHashMap<>();
    final Map<String, User> users = new ConcurrentHashMap<>();
    final List<JsonNode> activity = new CopyOnWriteArrayList<>();
    volatile boolean s3Backups;
    volatile long backupPartSize = 5_368_709_120L;
    // When set, S3 backups use this real S3 server, as the Panel's S3 adapter does.
    volatile S3Proxy s3;
    volatile String nodeTokenId;
    volatile String nodeToken;

    /** Looks a server up by uuid or by its 8-character short uuid, as the Panel does. */
    Optional<Server> server(String uuidOrShort) {
        Server byUuid = servers.get(uuidOrShort);
        if (byUuid != null) {
            return Optional.of(byUuid);
        }
        return servers.values().stream()
                .filter(s ->
                        s.uuid().substring(0, Math.min(8, s.uuid().length())).equals(uuidOrShort))
                .findFirst();
    }

    /** The Panel-side record of one server. */
    static final class Server {
        volatile ObjectNode config;
        volatile String status;
        volatile boolean onThisNode = true;
        volatile boolean transferring;
        volatile ObjectNode installScript;
        volatile String owner;
        final Map<String, List<String>> subusers = new ConcurrentHashMap<>();

        Server(ObjectNode config) {
            this.config = config;
        }

        String uuid() {
            return config.path("settings").path("uuid").asText();
        }

        boolean suspended() {
            return "suspended".equals(status)
                    || config.path("settings").path("suspended").asBoolean(false);
        }
    }

    /** The Panel-side record of one backup. */
    static final class Backup {
        final String uuid;
        final String serverUuid;
        volatile boolean completed;
        volatile boolean successful;
        volatile JsonNode lastReport;
        volatile String uploadId;
        volatile Boolean restoreSuccessful;
        final Map<Integer, byte[]> s3Parts = new ConcurrentHashMap<>();

        Backup(String uuid, String serverUuid) {
            this.uuid = uuid;
            this.serverUuid = serverUuid;
        }
    }

    /** A Panel user who can log in over SFTP. */
    static final class User {
        final String uuid;
        final String username;
        volatile String password;
        volatile boolean rootAdmin;
        final List<String> keys = new CopyOnWriteArrayList<>();

        User(String uuid, String username, String password) {
            this.uuid = uuid;
            this.username = username;
            this.password = password;
        }
    }
}
