package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Translates the JDK's errno-derived exceptions into {@link FilesystemException} kinds, as Wings maps errnos (spec §1.2). */
final class IoErrors {
    private IoErrors() {}

    static FilesystemException translate(IOException e, SafePath path) {
        return translate(e, path == null ? "" : path.toString());
    }

    static FilesystemException translate(IOException e, String path) {
        return new FilesystemException(kindOf(e), path, e.getMessage(), e);
    }

    static ErrorKind kindOf(IOException e) {
        if (e instanceof NativeDirectory.NotRegularFileException) {
            return ErrorKind.NOT_REGULAR_FILE;
        }
        if (e instanceof NoSuchFileException) {
            return ErrorKind.NOT_EXIST;
        }
        if (e instanceof NotDirectoryException) {
            return ErrorKind.NOT_DIRECTORY;
        }
        if (e instanceof FileAlreadyExistsException) {
            return ErrorKind.DESTINATION_EXISTS;
        }
        if (e instanceof AccessDeniedException) {
            return ErrorKind.UNKNOWN;
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            String reason = fse.getReason();
            if (reason.contains("File name too long")) {
                return ErrorKind.NAME_TOO_LONG;
            }
            // ELOOP: O_NOFOLLOW met a symlink that was swapped in after our lstat.
            if (reason.contains("symbolic links")) {
                return ErrorKind.BAD_PATH;
            }
            if (reason.contains("Is a directory")) {
                return ErrorKind.IS_DIR;
            }
            if (reason.contains("Not a directory")) {
                return ErrorKind.NOT_DIRECTORY;
            }
            if (reason.contains("Text file busy")) {
                return ErrorKind.FILE_BUSY;
            }
            if (reason.contains("No space left") || reason.contains("quota exceeded")) {
                return ErrorKind.NO_DISK;
            }
        }
        return ErrorKind.UNKNOWN;
    }
}
