package dev.pinion.filesystem;

import java.nio.file.attribute.BasicFileAttributes;

/** What an lstat saw: never the type of a symlink's target. */
public enum FileType {
    DIRECTORY,
    REGULAR,
    SYMLINK,
    OTHER;

    static FileType of(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return SYMLINK;
        }
        if (attributes.isDirectory()) {
            return DIRECTORY;
        }
        return attributes.isRegularFile() ? REGULAR : OTHER;
    }
}
