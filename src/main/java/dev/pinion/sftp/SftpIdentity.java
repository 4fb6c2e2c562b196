package dev.pinion.sftp;

import java.util.List;

/**
 * Who an authenticated SFTP connection is (spec websocket-sftp-activity.md §2.5): the Panel user's
 * uuid, the server's uuid, the user's permissions on it and the client's {@code host:port}.
 */
public record SftpIdentity(String user, String server, List<String> permissions, String ip) {
    public static final String READ = "file.read";
    public static final String READ_CONTENT = "file.read-content";
    public static final String CREATE = "file.create";
    public static final String UPDATE = "file.update";
    public static final String DELETE = "file.delete";

    public SftpIdentity {
        permissions = List.copyOf(permissions);
    }

    /** Wings' SFTP rule (spec §2.7): the exact permission or {@code *}; there is no admin exception. */
    public boolean can(String permission) {
        return permissions.contains("*") || permissions.contains(permission);
    }
}
