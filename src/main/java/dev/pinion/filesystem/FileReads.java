package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The read-only operations: list a directory, stat an entry, open a file for contents or download. */
final class FileReads {
    /** Directories first, then byte-wise (UTF-8) by name (spec §8.2 decision). */
    private static final Comparator<FileStat> LISTING_ORDER = Comparator.comparing((FileStat s) -> !s.directory())
            .thenComparing((a, b) -> Arrays.compareUnsigned(
                    a.name().getBytes(StandardCharsets.UTF_8), b.name().getBytes(StandardCharsets.UTF_8)));

    private final PathResolver resolver;
    private final MimeSniffer sniffer;

    FileReads(PathResolver resolver, MimeSniffer sniffer) {
        this.resolver = resolver;
        this.sniffer = sniffer;
    }

    /** list-directory: every entry by lstat (symlinks described, never followed). */
    List<FileStat> list(SafePath directory) {
        NativeDirectory opened;
        try {
            opened = resolver.openDirectory(directory, false);
        } catch (FilesystemException e) {
            if (e.kind() == ErrorKind.NOT_EXIST || e.kind() == ErrorKind.NOT_DIRECTORY) {
                throw new FilesystemException(ErrorKind.DIRECTORY_NOT_FOUND, directory.toString(), e.getMessage(), e);
            }
            throw e;
        }
        List<FileStat> entries = new ArrayList<>();
        try (NativeDirectory dir = opened) {
            for (Path entry : dir) {
                Path name = entry.getFileName();
                PosixFileAttributes attributes = PathResolver.lstat(dir, name);
                if (attributes != null) {
                    entries.add(FileStat.of(name.toString(), attributes, mimeOf(dir, name, attributes)));
                }
            }
        } catch (IOException e) {
            throw IoErrors.translate(e, directory);
        }
        entries.sort(LISTING_ORDER);
        return entries;
    }

    /** The stat object of one entry (the root included), from lstat. */
    FileStat stat(SafePath path) {
        if (path.isRoot()) {
            try (NativeDirectory root = resolver.openRoot()) {
                PosixFileAttributes attributes =
                        root.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
                return FileStat.of(".", attributes, MimeSniffer.DIRECTORY);
            } catch (IOException e) {
                throw IoErrors.translate(e, path);
            }
        }
        try (PathResolver.Entry entry = resolver.resolve(path, false)) {
            PosixFileAttributes attributes = entry.lstat();
            if (attributes == null) {
                throw new FilesystemException(ErrorKind.NOT_EXIST, path.toString(), "file does not exist");
            }
            return FileStat.of(path.name(), attributes, mimeOf(entry.directory(), entry.name(), attributes));
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /**
     * Opens a regular file for reading. lstat comes first so a FIFO is refused instead of blocking the
     * request (panel #4059); a symlink is refused (its target is never read, CVE-2024-27102).
     */
    ReadableFile open(SafePath path) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.IS_DIR, ".", "is a directory");
        }
        try (PathResolver.Entry entry = resolver.resolve(path, false)) {
            PosixFileAttributes attributes = entry.lstat();
            requireReadable(attributes, path);
            SeekableByteChannel channel = entry.directory().openRegularForReading(entry.name());
            try {
                long size = channel.size();
                String mime = ReadableFile.sniff(channel, sniffer);
                return new ReadableFile(path.name(), size, mime, channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    static void requireReadable(PosixFileAttributes attributes, SafePath path) {
        if (attributes == null) {
            throw new FilesystemException(ErrorKind.NOT_EXIST, path.toString(), "file does not exist");
        }
        if (attributes.isSymbolicLink()) {
            throw new FilesystemException(ErrorKind.BAD_PATH, path.toString(), "bad path resolution: symlink");
        }
        if (attributes.isDirectory()) {
            throw new FilesystemException(ErrorKind.IS_DIR, path.toString(), "is a directory");
        }
        if (!attributes.isRegularFile()) {
            throw new FilesystemException(ErrorKind.NOT_REGULAR_FILE, path.toString(), "not a regular file");
        }
    }

    private String mimeOf(NativeDirectory dir, Path name, PosixFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return MimeSniffer.DIRECTORY;
        }
        if (!attributes.isRegularFile()) {
            return MimeSniffer.OCTET_STREAM;
        }
        try (SeekableByteChannel channel = dir.openRegularForReading(name)) {
            return ReadableFile.sniff(channel, sniffer);
        } catch (IOException e) {
            // Wings fails the whole listing here; one unreadable file should not hide the others.
            return MimeSniffer.OCTET_STREAM;
        }
    }
}
