package dev.pinion.activity;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's activity sink: cleans an entry the way Wings does before storing it (spec
 * websocket-sftp-activity.md §3.2: {@code host:port} reduced to the host, brackets removed, an empty
 * user stored as null) and appends it to the durable store. A storage failure is logged, never thrown
 * at the producer.
 */
public final class ActivityLog implements ActivitySink {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityLog.class);

    private final ActivityStore store;

    public ActivityLog(ActivityStore store) {
        this.store = store;
    }

    @Override
    public void record(ActivityEntry entry) {
        String user = entry.user() == null || entry.user().isBlank() ? null : entry.user();
        ActivityEntry clean = new ActivityEntry(
                entry.event(), entry.server(), user, hostOnly(entry.ip()), entry.metadata(), entry.timestamp());
        try {
            store.append(clean);
        } catch (SQLException | RuntimeException e) {
            LOG.error("could not store activity {} for server {}: {}", entry.event(), entry.server(), e.getMessage());
        }
    }

    /**
     * Go's {@code net.SplitHostPort} applied to the trimmed value: {@code 1.2.3.4:5} → {@code 1.2.3.4},
     * {@code [::1]:5} → {@code ::1}; anything that is not host:port is kept as it was.
     */
    static String hostOnly(String ip) {
        if (ip == null) {
            return "";
        }
        String value = ip.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close > 0
                    && value.length() > close + 1
                    && value.charAt(close + 1) == ':'
                    && value.indexOf(':', close + 2) < 0) {
                return value.substring(1, close);
            }
            return ip;
        }
        int colon = value.indexOf(':');
        if (colon > 0 && colon == value.lastIndexOf(':')) {
            return value.substring(0, colon);
        }
        return ip;
    }
}
