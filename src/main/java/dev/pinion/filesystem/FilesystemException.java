package dev.pinion.filesystem;

/** The one exception a server filesystem operation throws; its {@link ErrorKind} decides the HTTP answer. */
public final class FilesystemException extends RuntimeException {
    private final ErrorKind kind;
    private final String path;

    public FilesystemException(ErrorKind kind, String path, String detail) {
        this(kind, path, detail, null);
    }

    public FilesystemException(ErrorKind kind, String path, String detail, Throwable cause) {
        super(
                "filesystem: " + kind.wingsCode() + " [" + (path == null || path.isEmpty() ? "<empty>" : path) + "]"
                        + (detail == null ? "" : ": " + detail),
                cause);
        this.kind = kind;
        this.path = path;
    }

    /** What went wrong, mapped by the HTTP layer to a status and message. */
    public ErrorKind kind() {
        return kind;
    }

    /** The server-relative path the failure concerns (for logs; never shown to users). */
    public String path() {
        return path;
    }
}
