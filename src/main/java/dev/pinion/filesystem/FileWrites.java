package dev.pinion.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/** The single-target mutating operations: write (and upload/pull), copy, create-directory. */
final class FileWrites {
    static final int NEW_FILE_MODE = 0644;

    private final PathResolver resolver;
    private final DiskUsage usage;
    private final AtomicFileWriter writer;
    private final DirectoryCreator creator;
    private final CopyNamer copyNamer;

    FileWrites(
            PathResolver resolver,
            DiskUsage usage,
            AtomicFileWriter writer,
            DirectoryCreator creator,
            CopyNamer copyNamer) {
        this.resolver = resolver;
        this.usage = usage;
        this.writer = writer;
        this.creator = creator;
        this.copyNamer = copyNamer;
    }

    /**
     * write: replaces the file with the body atomically (spec §1.7 write). {@code length} is the
     * Content-Length (-1 if unknown; then only the per-chunk quota check applies). A symlink at the
     * target is refused, dangling or not (CVE-2023-25152); an existing file keeps its mode.
     */
    long write(SafePath path, InputStream body, long length) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.WRITE_CONFLICTS_WITH_DIRECTORY, ".", "is a directory");
        }
        NativeDirectory parent = openParentForCreate(path, length);
        try (PathResolver.Entry entry = new PathResolver.Entry(parent, Path.of(path.name()), path)) {
            PosixFileAttributes existing = entry.lstat();
            long oldSize = 0;
            int mode = NEW_FILE_MODE;
            if (existing != null) {
                if (existing.isDirectory()) {
                    throw new FilesystemException(
                            ErrorKind.WRITE_CONFLICTS_WITH_DIRECTORY, path.toString(), "is a directory");
                }
                if (existing.isSymbolicLink()) {
                    throw new FilesystemException(ErrorKind.BAD_PATH, path.toString(), "bad path resolution: symlink");
                }
                if (!existing.isRegularFile()) {
                    throw new FilesystemException(ErrorKind.NOT_REGULAR_FILE, path.toString(), "not a regular file");
                }
                oldSize = existing.size();
                mode = FileStat.permissionBits(existing.permissions());
            }
            if (length >= 0) {
                usage.requireFit(length - oldSize, path.toString());
            }
            return writer.write(
                    entry.directory(),
                    path.name(),
                    body,
                    oldSize,
                    new AtomicFileWriter.Request(length, true, mode, null),
                    path);
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** copy: a regular file next to itself under Wings' copy name; returns the new path. */
    SafePath copy(SafePath path) {
        try (PathResolver.Entry entry = resolver.resolve(path, false)) {
            PosixFileAttributes source = entry.lstat();
            if (source == null || (!source.isRegularFile() && !source.isSymbolicLink())) {
                throw new FilesystemException(ErrorKind.NOT_EXIST, path.toString(), "not a regular file");
            }
            if (source.isSymbolicLink()) {
                throw new FilesystemException(ErrorKind.BAD_PATH, path.toString(), "bad path resolution: symlink");
            }
            usage.requireFit(source.size(), path.toString());
            NativeDirectory dir = entry.directory();
            String name = copyNamer.name(path.name(), candidate -> exists(dir, candidate));
            SafePath target = path.parent().child(name);
            try (SeekableByteChannel in = dir.openRegularForReading(entry.name())) {
                writer.write(
                        dir,
                        name,
                        Channels.newInputStream(in),
                        0,
                        new AtomicFileWriter.Request(-1, false, FileStat.permissionBits(source.permissions()), null),
                        target);
            }
            return target;
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** create-directory: mkdir -p at 0755, chowned; fine if it already exists as a directory. */
    void createDirectory(SafePath path) {
        if (path.isRoot()) {
            return;
        }
        try (NativeDirectory parent = resolver.openDirectory(path.parent(), true)) {
            PosixFileAttributes existing = PathResolver.lstat(parent, path.name());
            if (existing == null) {
                creator.create(parent, path.name());
                return;
            }
            if (existing.isSymbolicLink()) {
                throw new FilesystemException(ErrorKind.NOT_DIRECTORY, path.toString(), "not a directory");
            }
            if (!existing.isDirectory()) {
                throw new FilesystemException(ErrorKind.DIRECTORY_CONFLICTS_WITH_FILE, path.toString(), "file exists");
            }
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** Creates an empty 0644 file (parents 0755) when nothing is at {@code path}; true when created. */
    boolean createIfMissing(SafePath path) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.IS_DIR, ".", "is a directory");
        }
        try (NativeDirectory parent = resolver.openDirectory(path.parent(), true)) {
            if (parent.lstat(path.name()) != null) {
                return false;
            }
            writer.write(
                    parent,
                    path.name(),
                    InputStream.nullInputStream(),
                    0,
                    new AtomicFileWriter.Request(0, true, NEW_FILE_MODE, null),
                    path);
            return true;
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** Replaces a regular file's content atomically, keeping its mode, owner and group. */
    void replaceKeepingAttributes(SafePath path, byte[] content) {
        try (PathResolver.Entry entry = resolver.resolve(path, false)) {
            Posix.Stat existing = entry.directory().lstat(path.name());
            FileReads.requireReadable(existing == null ? null : new NativeAttributes(existing), path);
            try (TemporaryFile temporary =
                    AtomicFileWriter.createTemporary(entry.directory(), existing.mode() & 07777)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    temporary.channel().write(buffer);
                }
                temporary.channel().force(true);
                temporary.setMode(existing.mode() & 07777);
                temporary.setOwner(existing.uid(), existing.gid());
                temporary.publish(entry.directory(), AtomicFileWriter.hiddenName(), path.name());
            }
            usage.add(content.length - existing.size());
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** Opens the parent, creating missing directories only after the quota says the body fits. */
    private NativeDirectory openParentForCreate(SafePath path, long length) {
        try {
            return resolver.openDirectory(path.parent(), false);
        } catch (FilesystemException e) {
            if (e.kind() != ErrorKind.NOT_EXIST) {
                throw e;
            }
        }
        if (length >= 0) {
            usage.requireFit(length, path.toString());
        }
        return resolver.openDirectory(path.parent(), true);
    }

    private static boolean exists(NativeDirectory dir, String name) {
        try {
            return PathResolver.lstat(dir, name) != null;
        } catch (IOException e) {
            throw IoErrors.translate(e, name);
        }
    }
}
