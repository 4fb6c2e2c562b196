package dev.pinion.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.net.InetAddresses;
import dev.pinion.panel.ActivityEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One POST /api/remote/activity body built from stored rows (spec websocket-sftp-activity.md §3.3,
 * §3.5): rows the Panel would refuse with a 422 for the whole batch (a user or server that is not a
 * uuid, an event over 255 characters or not starting with {@code server:}, an ip that is not a bare
 * address — Wings purges those too) are set aside as {@link #invalid()}; SFTP rows sharing user,
 * server, ip, event and UTC minute are merged into one entry whose metadata is {@code {"files": […]}}
 * with the earliest timestamp, as Wings' SFTP job does.
 */
record ActivityBatch(List<ActivityEvent> events, List<Long> shipped, List<StoredActivity> invalid) {
    private static final int MAX_EVENT_LENGTH = 255;

    static ActivityBatch of(List<StoredActivity> rows) {
        List<StoredActivity> invalid = new ArrayList<>();
        List<Long> shipped = new ArrayList<>();
        Map<Object, Group> groups = new LinkedHashMap<>();
        for (StoredActivity row : rows) {
            ActivityEntry entry = row.entry();
            if (invalidReason(entry) != null) {
                invalid.add(row);
                continue;
            }
            shipped.add(row.id());
            Object key = entry.event().startsWith(ActivityEvents.SFTP_PREFIX)
                    ? List.of(
                            String.valueOf(entry.user()),
                            entry.server(),
                            entry.ip(),
                            entry.event(),
                            entry.timestamp().truncatedTo(ChronoUnit.MINUTES))
                    : row.id();
            groups.computeIfAbsent(key, k -> new Group(entry)).add(entry);
        }
        List<ActivityEvent> events = groups.values().stream().map(Group::event).toList();
        return new ActivityBatch(events, shipped, invalid);
    }

    /** Why the Panel would refuse this entry (and with it the whole batch), or null when it is fine. */
    static String invalidReason(ActivityEntry entry) {
        if (entry.user() != null && !isUuid(entry.user())) {
            return "user is not a uuid";
        }
        if (!isUuid(entry.server())) {
            return "server is not a uuid";
        }
        if (entry.event().isEmpty()
                || entry.event().length() > MAX_EVENT_LENGTH
                || !entry.event().startsWith("server:")) {
            return "event name not accepted by the Panel";
        }
        if (entry.ip() == null || !InetAddresses.isInetAddress(entry.ip())) {
            return "ip is not an address";
        }
        return null;
    }

    private static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Rows merged into one entry; non-SFTP rows are groups of one and keep their metadata. */
    private static final class Group {
        private final ActivityEntry first;
        private final List<ActivityEntry> members = new ArrayList<>();

        Group(ActivityEntry first) {
            this.first = first;
        }

        void add(ActivityEntry entry) {
            members.add(entry);
        }

        ActivityEvent event() {
            if (members.size() == 1) {
                return toEvent(first, first.metadata(), first.timestamp());
            }
            Instant earliest = first.timestamp();
            ObjectNode metadata = ActivityEntry.newMetadata();
            ArrayNode files = metadata.putArray("files");
            for (ActivityEntry member : members) {
                if (member.timestamp().isBefore(earliest)) {
                    earliest = member.timestamp();
                }
                JsonNode memberFiles = member.metadata().path("files");
                if (memberFiles.isArray()) {
                    memberFiles.forEach(files::add);
                }
            }
            return toEvent(first, metadata, earliest);
        }

        private static ActivityEvent toEvent(ActivityEntry entry, JsonNode metadata, Instant timestamp) {
            return new ActivityEvent(entry.user(), entry.server(), entry.event(), metadata, entry.ip(), timestamp);
        }
    }
}
