package dev.pinion.backup;

/**
 * A backup request refused before any work started; {@link Kind} tells the API layer the status. The
 * message is the text the Panel shows.
 */
public final class BackupException extends RuntimeException {
    /** Why the request was refused. */
    public enum Kind {
        /** The backup archive is not on this node (404). */
        NOT_FOUND,
        /** The backup id is not a canonical UUID, or the request is incomplete (400). */
        INVALID,
        /** The adapter name is unknown (422, a validation error). */
        BAD_ADAPTER,
        /** Another backup or restore of the server is running, or the backup exists already (409). */
        CONFLICT,
        /** The backup queue is full (503). */
        BUSY
    }

    public static final String NOT_FOUND_MESSAGE = "The requested backup was not found on this server.";

    private final Kind kind;

    public BackupException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static BackupException notFound() {
        return new BackupException(Kind.NOT_FOUND, NOT_FOUND_MESSAGE);
    }
}
