package dev.pinion.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.panel.ServerConfiguration;
import dev.pinion.server.ManagedServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each server's {@code configuration} object as {@code GET /api/servers[/:server]} shows it, built once per
 * Panel sync instead of deep-copied on every poll: an entry is reused while the server still holds the very
 * same {@link ServerConfiguration} (a sync replaces it) and crash detection is unchanged. The shown trees are
 * only ever serialised, never modified.
 */
public final class ShownConfigurations {
    private final Map<String, Entry> byServer = new ConcurrentHashMap<>();

    private record Entry(ServerConfiguration source, boolean crashDetectionEnabled, JsonNode shown) {}

    JsonNode of(ManagedServer managed, boolean crashDetectionEnabled) {
        String uuid = managed.server().uuid();
        ServerConfiguration source = managed.server().configuration();
        Entry entry = byServer.get(uuid);
        if (entry != null && entry.source() == source && entry.crashDetectionEnabled() == crashDetectionEnabled) {
            return entry.shown();
        }
        JsonNode shown = ServerDetails.configuration(source, crashDetectionEnabled);
        byServer.put(uuid, new Entry(source, crashDetectionEnabled, shown));
        return shown;
    }

    /** Drops a deleted server's entry. */
    void forget(String uuid) {
        byServer.remove(uuid);
    }
}
