package dev.pinion.transfer;

/**
 * A transfer request refused or a transfer that failed, with the HTTP status and Wings' message the
 * API answers with (spec files-backups-transfers.md §6.1, §6.3, §6.4).
 */
public final class TransferException extends RuntimeException {
    static final String ALREADY_TRANSFERRING = "A transfer is already in progress for this server.";
    static final String NOT_TRANSFERRING = "Server is not currently being transferred.";
    static final String ALREADY_EXISTS = "A server with this identifier already exists on this instance.";
    static final String NO_AUTHORIZATION = "The required authorization headers were not present in the request.";

    private final int status;

    public TransferException(int status, String message) {
        super(message);
        this.status = status;
    }

    public TransferException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the API answers with. */
    public int status() {
        return status;
    }
}
