package dev.pinion.activity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The events this node produces, named and shaped exactly as Wings sends them (spec
 * websocket-sftp-activity.md §3.1, §2.9), so the Panel's translations ("Modified the contents of
 * :count files", "Renamed :files.0.from to :files.0.to") work unchanged.
 */
public final class ActivityEvents {
    public static final String CONSOLE_COMMAND = "server:console.command";
    public static final String POWER_PREFIX = "server:power.";
    public static final String FILE_UPLOADED = "server:file.uploaded";
    public static final String SFTP_PREFIX = "server:sftp.";
    public static final String SFTP_CREATE = "server:sftp.create";
    public static final String SFTP_WRITE = "server:sftp.write";
    public static final String SFTP_CREATE_DIRECTORY = "server:sftp.create-directory";
    public static final String SFTP_RENAME = "server:sftp.rename";
    public static final String SFTP_DELETE = "server:sftp.delete";

    private ActivityEvents() {}

    /** {@code server:console.command} with {@code {"command": …}}, after the command was written. */
    public static ActivityEntry consoleCommand(String server, String user, String ip, String command, Instant at) {
        ObjectNode metadata = ActivityEntry.newMetadata().put("command", command);
        return new ActivityEntry(CONSOLE_COMMAND, server, user, ip, metadata, at);
    }

    /** {@code server:power.<action>} ({@code start}, {@code stop}, {@code restart}, {@code kill}) with {@code {}}. */
    public static ActivityEntry power(String server, String user, String ip, String action, Instant at) {
        return new ActivityEntry(POWER_PREFIX + action, server, user, ip, ActivityEntry.newMetadata(), at);
    }

    /** {@code server:file.uploaded} with the file name as sent and the cleaned directory ({@code .} when empty). */
    public static ActivityEntry fileUploaded(
            String server, String user, String ip, String directory, String file, Instant at) {
        ObjectNode metadata = ActivityEntry.newMetadata()
                .put("file", file)
                .put("directory", directory == null || directory.isEmpty() ? "." : directory);
        return new ActivityEntry(FILE_UPLOADED, server, user, ip, metadata, at);
    }

    /**
     * Go's {@code filepath.Clean} of the upload's {@code directory} query, as Wings records it: {@code .}
     * when empty, {@code ..} resolved lexically, a leading slash kept.
     */
    public static String cleanDirectory(String directory) {
        if (directory == null || directory.isEmpty()) {
            return ".";
        }
        boolean absolute = directory.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : directory.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.pollLast();
                } else if (!absolute) {
                    parts.addLast("..");
                }
            } else {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** An SFTP event on one path: {@code {"files": ["/full/virtual/path"]}}. */
    public static ActivityEntry sftp(String event, String server, String user, String ip, String path, Instant at) {
        ObjectNode metadata = ActivityEntry.newMetadata();
        metadata.putArray("files").add(path);
        return new ActivityEntry(event, server, user, ip, metadata, at);
    }

    /** {@code server:sftp.rename}: {@code {"files": [{"from": …, "to": …}]}} (Wings' shape, not the fork's). */
    public static ActivityEntry sftpRename(String server, String user, String ip, String from, String to, Instant at) {
        ObjectNode metadata = ActivityEntry.newMetadata();
        ArrayNode files = metadata.putArray("files");
        files.addObject().put("from", from).put("to", to);
        return new ActivityEntry(SFTP_RENAME, server, user, ip, metadata, at);
    }
}
