package dev.pinion.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private record Entry(ServerConfiguration source, boolean crashDetectionEnabled, JsonNode shown, byte[] json) {}

    JsonNode of(ManagedServer managed, boolean crashDetectionEnabled) {
        return entry(managed, crashDetectionEnabled).shown();
    }

    /**
     * The same configuration already serialised (with {@code mapper}, once per sync): the fast path
     * splices these bytes into its answer instead of writing the largest part of it every time.
     */
    byte[] json(ManagedServer managed, boolean crashDetectionEnabled, ObjectMapper mapper) {
        Entry entry = entry(managed, crashDetectionEnabled);
        if (entry.json() != null) {
            return entry.json();
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(entry.shown());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a stored configuration", e);
        }
        byServer.replace(
                managed.server().uuid(),
                entry,
                new Entry(entry.source(), entry.crashDetectionEnabled(), entry.shown(), json));
        return json;
    }

    private Entry entry(ManagedServer managed, boolean crashDetectionEnabled) {
        String uuid = managed.server().uuid();
        ServerConfiguration source = managed.server().configuration();
        Entry entry = byServer.get(uuid);
        if (entry != null && entry.source() == source && entry.crashDetectionEnabled() == crashDetectionEnabled) {
            return entry;
        }
        Entry fresh = new Entry(
                source, crashDetectionEnabled, ServerDetails.configuration(source, crashDetectionEnabled), null);
        byServer.put(uuid, fresh);
        return fresh;
    }

    /** Drops a deleted server's entry. */
    void forget(String uuid) {
        byServer.remove(uuid);
    }
}
