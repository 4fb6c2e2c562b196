package dev.pinion.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable activity queue: one SQLite database (xerial sqlite-jdbc), as Wings' {@code wings.db}
 * (spec websocket-sftp-activity.md §3.2), but in WAL mode with {@code synchronous=FULL} so an entry
 * whose {@link #append} returned survives {@code kill -9} and power loss (Wings runs with
 * {@code synchronous=OFF} and loses its tail on a crash). The queue is bounded: past {@code maxRows}
 * the oldest entries are dropped (and counted), so a Panel that is down for days cannot fill the disk.
 * Deletes go in chunks far below SQLite's parameter limit (CVE-2026-21696). One connection, used under
 * this object's lock; SQLite serialises writers anyway.
 */
public final class ActivityStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityStore.class);
    /** Ids per DELETE/UPDATE statement: far below SQLite's 32,766 host-parameter limit. */
    static final int CHUNK = 500;

    private final Connection connection;
    private final ObjectMapper mapper;
    private final long maxRows;
    private long dropped;
    private long rows;

    /**
     * Opens (creating if needed) the database at {@code file}.
     *
     * @param maxRows the most entries kept; beyond it the oldest are discarded
     */
    public ActivityStore(Path file, long maxRows, ObjectMapper mapper) {
        this.mapper = mapper;
        this.maxRows = maxRows;
        try {
            this.connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = FULL");
                statement.execute("PRAGMA busy_timeout = 5000");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS activities (
                          id INTEGER PRIMARY KEY AUTOINCREMENT,
                          user TEXT,
                          server TEXT NOT NULL,
                          event TEXT NOT NULL,
                          metadata TEXT NOT NULL,
                          ip TEXT NOT NULL,
                          timestamp TEXT NOT NULL,
                          attempts INTEGER NOT NULL DEFAULT 0)""");
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM activities")) {
                    rows = count.next() ? count.getLong(1) : 0;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the activity store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stores one entry durably; drops the oldest entries if the store is over its bound. */
    public synchronized void append(ActivityEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO activities (user, server, event, metadata, ip, timestamp) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, entry.user());
            insert.setString(2, entry.server());
            insert.setString(3, entry.event());
            insert.setString(4, json(entry.metadata()));
            insert.setString(5, entry.ip() == null ? "" : entry.ip());
            insert.setString(6, entry.timestamp().toString());
            insert.executeUpdate();
        }
        rows++;
        trim();
    }

    /** Up to {@code limit} of the oldest entries, oldest first. */
    public synchronized List<StoredActivity> oldest(int limit) throws SQLException {
        List<StoredActivity> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, user, server, event, metadata, ip, timestamp, attempts FROM activities ORDER BY id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new StoredActivity(
                            result.getLong(1),
                            new ActivityEntry(
                                    result.getString(4),
                                    result.getString(3),
                                    result.getString(2),
                                    result.getString(6),
                                    parse(result.getString(5)),
                                    parseInstant(result.getString(7))),
                            result.getInt(8)));
                }
            }
        }
        return rows;
    }

    /** Removes these entries (shipped, refused or invalid). */
    public synchronized void delete(Collection<Long> ids) throws SQLException {
        rows -= forChunks(ids, "DELETE FROM activities WHERE id IN ");
    }

    /** Counts one more failed shipping attempt for these entries. */
    public synchronized void recordFailure(Collection<Long> ids) throws SQLException {
        forChunks(ids, "UPDATE activities SET attempts = attempts + 1 WHERE id IN ");
    }

    /** Removes entries that failed {@code maxAttempts} times or more; returns how many. */
    public synchronized int dropFailedAtLeast(int maxAttempts) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM activities WHERE attempts >= ?")) {
            delete.setInt(1, maxAttempts);
            int removed = delete.executeUpdate();
            rows -= removed;
            return removed;
        }
    }

    /** How many entries wait to be shipped. */
    public synchronized long size() {
        return rows;
    }

    /** Entries discarded because the store was full, since start. */
    public synchronized long droppedForSpace() {
        return dropped;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the activity store: {}", e.getMessage());
        }
    }

    private void trim() throws SQLException {
        long excess = size() - maxRows;
        if (excess <= 0) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM activities WHERE id IN (SELECT id FROM activities ORDER BY id LIMIT ?)")) {
            delete.setLong(1, excess);
            int removed = delete.executeUpdate();
            rows -= removed;
            dropped += removed;
            LOG.warn("activity store full ({} entries): dropped the {} oldest", maxRows, removed);
        }
    }

    private int forChunks(Collection<Long> ids, String statementPrefix) throws SQLException {
        int changed = 0;
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String placeholders = "(" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement statement = connection.prepareStatement(statementPrefix + placeholders)) {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setLong(i + 1, chunk.get(i));
                }
                changed += statement.executeUpdate();
            }
        }
        return changed;
    }

    private String json(JsonNode metadata) {
        try {
            return mapper.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
