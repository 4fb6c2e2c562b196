package dev.pinion.filesystem;

/**
 * Every way a filesystem operation can fail, with the Wings error code, the HTTP status and the exact
 * user-visible Wings message, so the HTTP layer maps a kind without duplicating text.
 *
 * <p>Statuses follow spec/README.md ("not found is 404, escape attempts are 400/403") and
 * spec/panel-to-wings-api.md §1.8 / files-backups-transfers.md §0.2 and §1.7. The Panel shows a 4xx
 * message verbatim, so the wording is Wings' own (including its "resources" typo).
 */
public enum ErrorKind {
    /** The path does not exist (E_NOTEXIST). */
    NOT_EXIST("E_NOTEXIST", 404, "The requested resources was not found on the system."),
    /**
     * The path escapes the server root, lexically or through a symlink (E_BADPATH). Decision: 400 (spec
     * README: escape attempts are 400/403, never Wings' accidental 500) with Wings' not-found wording.
     */
    BAD_PATH("E_BADPATH", 400, "The requested resources was not found on the system."),
    /** The egg's file_denylist matches the path (E_DENYLIST). */
    DENYLIST("E_DENYLIST", 403, "This file cannot be modified: present in egg denylist."),
    /** The target is a directory where a file is needed (E_ISDIR). */
    IS_DIR("E_ISDIR", 400, "Cannot perform that action: file is a directory."),
    /** Not enough quota left (E_NODISK). */
    NO_DISK("E_NODISK", 400, "There is not enough disk space available to perform that action."),
    /** A path component is longer than the filesystem allows (ENAMETOOLONG). */
    NAME_TOO_LONG("E_NAMETOOLONG", 400, "Cannot perform that action: file name is too long."),
    /** Decompress was given something that is not a supported archive (E_UNKNFMT). */
    UNKNOWN_FORMAT("E_UNKNFMT", 400, "The archive provided is in a format Wings does not understand."),
    /** A path component that must be a directory is a file or a symlink (ENOTDIR; create-directory's message). */
    NOT_DIRECTORY("E_NOTDIR", 400, "Part of the path being created is not a directory (ENOTDIR)."),
    /** list-directory on something that is missing or is not a directory. */
    DIRECTORY_NOT_FOUND("E_NOTEXIST", 404, "The requested directory does not exist."),
    /** contents/download of a FIFO, socket or device (panel #4059: never block on a FIFO). */
    NOT_REGULAR_FILE("E_NOTREGULAR", 400, "Cannot open files of this type."),
    /** write onto an existing directory. */
    WRITE_CONFLICTS_WITH_DIRECTORY(
            "E_ISDIR", 400, "Cannot write file, name conflicts with an existing directory by the same name."),
    /** create-directory where the final name is an existing file (Pelican wording). */
    DIRECTORY_CONFLICTS_WITH_FILE(
            "E_EXIST", 400, "Cannot create directory, name conflicts with an existing file by the same name."),
    /** rename onto an existing name. */
    DESTINATION_EXISTS("E_EXIST", 400, "Cannot move or rename file, destination already exists."),
    /** chmod with a mode that is not an octal number. */
    INVALID_MODE("E_BADMODE", 400, "Invalid file mode."),
    /** compress when the cached usage is already over the limit (a dedicated 409 in Wings). */
    COMPRESS_NO_SPACE(
            "E_NODISK", 409, "This server does not have enough available disk space to generate a compressed archive."),
    /**
     * decompress, restore or transfer of an archive over this node's decoder budgets: more entries than
     * {@code ArchiveLimits#MAX_ENTRIES}, more expanded bytes than the disk can hold, or a decoder asking
     * for more memory than {@code ArchiveLimits#DECODER_MEMORY_KIB} (issue #10 item 3; Pinion only).
     */
    ARCHIVE_LIMIT("E_ARCHIVELIMIT", 400, "The archive exceeds the decompression limits of this node."),
    /** An extracted file would overwrite a running executable (ETXTBSY). */
    FILE_BUSY(
            "E_TXTBSY",
            400,
            "One or more files this archive is attempting to overwrite are currently in use by another process. Please try again."),
    /** rename with an empty list. */
    NO_FILES_TO_RENAME("E_EMPTY", 422, "No files to move or rename were provided."),
    /** delete with an empty list. */
    NO_FILES_TO_DELETE("E_EMPTY", 422, "No files were specified for deletion."),
    /** chmod with an empty list. */
    NO_FILES_TO_CHMOD("E_EMPTY", 422, "No files to chmod were provided."),
    /** compress with an empty list. */
    NO_FILES_TO_COMPRESS("E_EMPTY", 422, "No files were passed through to be compressed."),
    /** Anything else; logged, never shown in detail. */
    UNKNOWN("E_UNKNOWN", 500, "An unexpected error was encountered while processing this request");

    private final String wingsCode;
    private final int httpStatus;
    private final String message;

    ErrorKind(String wingsCode, int httpStatus, String message) {
        this.wingsCode = wingsCode;
        this.httpStatus = httpStatus;
        this.message = message;
    }

    /** Wings' internal code (E_NOTEXIST ...), for logs. */
    public String wingsCode() {
        return wingsCode;
    }

    /** The HTTP status the API answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The exact text of the Wings error body's {@code error} field. */
    public String message() {
        return message;
    }
}
