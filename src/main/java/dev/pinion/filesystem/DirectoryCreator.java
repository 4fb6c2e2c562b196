package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Creates a directory inside an already-opened (trusted) parent directory: {@code mkdirat(parentFd,
 * name)}, which never follows a symlink at {@code name} and cannot be redirected by a swap of any
 * ancestor (CVE-2023-25152, CVE-2024-27102). The new directory is then opened by descriptor
 * ({@code O_DIRECTORY|O_NOFOLLOW}, so a link swapped in meanwhile fails the open) and given its exact
 * mode and owner through that descriptor.
 *
 * <p>Before the JDK's FFM API was used, the JDK had no mkdirat and directories were made in a
 * daemon-only staging directory and renamed in; the staging directory is still cleaned of that scheme's
 * leftovers at startup.
 */
final class DirectoryCreator {
    static final int DIRECTORY_MODE = 0755;

    private final Path staging;
    private final Ownership ownership;

    DirectoryCreator(Path staging, Ownership ownership) {
        this.staging = staging;
        this.ownership = ownership;
    }

    /** Makes {@code name} (mode 0755, chowned) inside {@code parent}; fine if a directory of that name appeared concurrently. */
    void create(NativeDirectory parent, String name) throws IOException {
        try {
            parent.mkdir(name, DIRECTORY_MODE);
        } catch (FileAlreadyExistsException e) {
            PosixFileAttributes existing = PathResolver.lstat(parent, name);
            if (existing == null || !existing.isDirectory()) {
                throw e;
            }
            return;
        }
        try (NativeDirectory created = parent.openDirectory(name)) {
            // mkdirat's mode was masked by the umask.
            Posix.fchmod(created.fd(), DIRECTORY_MODE);
            if (ownership.enabled()) {
                created.chownSelf(ownership.uid(), ownership.gid());
            }
        }
    }

    /** Removes staging leftovers of a crash (called at startup). */
    void cleanStaging() throws IOException {
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging, ".mkdir-*")) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }
}
