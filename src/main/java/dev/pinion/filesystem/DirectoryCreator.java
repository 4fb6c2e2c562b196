package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Creates a directory inside an already-opened (trusted) parent directory without a path-based mkdir
 * into the server tree.
 *
 * <p>Why: {@link SecureDirectoryStream} has no mkdirat, and {@code Files.createDirectory(root/a/b/new)}
 * walks {@code a/b} again by name — a container process can swap {@code a} for a symlink to the host
 * between our check and the mkdir (CVE-2023-25152, CVE-2024-27102). Instead the directory is made in a
 * daemon-only staging directory (outside the server root, unreachable from the container), given its
 * mode and owner there, and then moved with {@code renameat(stagingFd, tmp, parentFd, name)}, which is
 * relative to the trusted parent's descriptor and so cannot be redirected.
 *
 * <p>If the staging directory is on another filesystem (EXDEV), we fall back to a path-based mkdir
 * and verify through the trusted parent that the new directory appeared there. That fallback has a
 * residual race (an empty directory could be created outside); keep staging on the volume's filesystem.
 */
final class DirectoryCreator {
    private final Path staging;
    private final Ownership ownership;

    DirectoryCreator(Path staging, Ownership ownership) {
        this.staging = staging;
        this.ownership = ownership;
    }

    /**
     * Makes {@code name} (mode 0755, chowned) inside {@code parent}. Succeeds if a directory of that name
     * appeared concurrently; {@code absoluteFallback} is the by-name location used only after EXDEV.
     */
    void create(SecureDirectoryStream<Path> parent, String name, Path absoluteFallback) throws IOException {
        Files.createDirectories(staging);
        Path temporary = staging.resolve(".mkdir-" + UUID.randomUUID());
        Files.createDirectory(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            ownership.applyTrusted(temporary);
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(staging)) {
                if (!(stream instanceof SecureDirectoryStream<Path> stagingDirectory)) {
                    throw new IOException("no SecureDirectoryStream on this platform");
                }
                stagingDirectory.move(temporary.getFileName(), parent, Path.of(name));
            }
        } catch (AtomicMoveNotSupportedException crossDevice) {
            Files.deleteIfExists(temporary);
            createByName(parent, name, absoluteFallback);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            PosixFileAttributes existing = PathResolver.lstat(parent, name);
            if (existing == null || !existing.isDirectory()) {
                throw e;
            }
        }
    }

    private void createByName(SecureDirectoryStream<Path> parent, String name, Path absolute) throws IOException {
        try {
            Files.createDirectory(absolute);
        } catch (java.nio.file.FileAlreadyExistsException ignored) {
            // verified below through the trusted parent
        }
        PosixFileAttributes created = PathResolver.lstat(parent, name);
        if (created == null || !created.isDirectory()) {
            throw new IOException("directory " + name + " did not appear in its parent: path was swapped");
        }
        ownership.apply(parent, Path.of(name));
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
