package dev.pinion.server;

/**
 * One event on a server's bus: a topic as the WebSocket names it and its single string argument
 * (spec server-lifecycle-docker.md §6.6).
 */
public record ServerEvent(String topic, String data) {
    public static final String STATUS = "status";
    public static final String STATS = "stats";
    public static final String CONSOLE_OUTPUT = "console output";
    public static final String INSTALL_OUTPUT = "install output";
    public static final String INSTALL_STARTED = "install started";
    public static final String INSTALL_COMPLETED = "install completed";
    public static final String DAEMON_MESSAGE = "daemon message";
    public static final String BACKUP_COMPLETED = "backup completed";
    public static final String BACKUP_RESTORE_COMPLETED = "backup restore completed";
    public static final String TRANSFER_LOGS = "transfer logs";
    public static final String TRANSFER_STATUS = "transfer status";
    public static final String DELETED = "deleted";
}
