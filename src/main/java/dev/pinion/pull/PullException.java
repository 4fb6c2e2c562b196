package dev.pinion.pull;

/**
 * A remote pull that failed for a reason outside the filesystem: refused destination, bad URL, bad
 * response. The message is Wings' downloader text (spec files-backups-transfers.md §3.2).
 */
public final class PullException extends RuntimeException {
    public static final String INTERNAL_DESTINATION = "downloader: destination resolves to internal network location";

    public PullException(String message) {
        super(message);
    }

    public PullException(String message, Throwable cause) {
        super(message, cause);
    }
}
