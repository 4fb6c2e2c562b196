package dev.pinion.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a file from a stream into a trusted directory atomically: the bytes go to a new temporary file
 * in the same directory (created O_CREAT|O_EXCL|O_NOFOLLOW relative to the directory descriptor), which
 * then replaces the target with one {@code renameat}. A failed or interrupted write deletes the temporary
 * file and leaves the old file untouched; the quota is checked before every chunk, so a body that lies
 * about its length cannot overrun it. Used by write, upload, copy and decompress.
 */
final class AtomicFileWriter {
    private static final int CHUNK = 64 * 1024;

    private final DiskUsage usage;
    private final Ownership ownership;

    AtomicFileWriter(DiskUsage usage, Ownership ownership) {
        this.usage = usage;
        this.ownership = ownership;
    }

    /**
     * What to write: at most {@code maxBytes} (-1 = until end of stream; with {@code exact}, fewer bytes
     * than that is a failed write), with this mode and an optional mtime.
     */
    record Request(long maxBytes, boolean exact, int mode, Instant modified) {
    }

    /**
     * Replaces {@code name} in {@code directory} with the stream's bytes and returns how many were
     * written. {@code oldSize} is the size of the file being replaced (0 if new), credited to the quota.
     */
    long write(SecureDirectoryStream<Path> directory, String name, InputStream in, long oldSize, Request request,
               SafePath path) {
        Path temporary = Path.of(".pinion-" + UUID.randomUUID() + ".tmp");
        boolean created = false;
        try {
            long written;
            var permissions = PosixFilePermissions.asFileAttribute(FileStat.permissionSet(request.mode()));
            try (SeekableByteChannel out = directory.newByteChannel(temporary,
                    withNoFollow(), permissions)) {
                created = true;
                written = copy(in, out, oldSize, request.maxBytes(), path);
            }
            if (request.exact() && request.maxBytes() >= 0 && written < request.maxBytes()) {
                throw new java.io.EOFException("body ended after " + written + " of " + request.maxBytes() + " bytes");
            }
            PosixFileAttributeView view = directory.getFileAttributeView(temporary, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            // The create mode was masked by the umask; an overwritten file keeps its exact mode.
            view.setPermissions(FileStat.permissionSet(request.mode()));
            ownership.apply(directory, temporary);
            if (request.modified() != null) {
                FileTime time = FileTime.from(request.modified());
                directory.getFileAttributeView(temporary, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(time, time, null);
            }
            PosixFileAttributes target = PathResolver.lstat(directory, name);
            if (target != null && target.isDirectory()) {
                throw new FilesystemException(ErrorKind.IS_DIR, path.toString(), "is a directory");
            }
            // renameat replaces the name itself: if it became a symlink meanwhile, the link is replaced,
            // never followed.
            directory.move(temporary, directory, Path.of(name));
            created = false;
            usage.add(written - oldSize);
            return written;
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        } finally {
            if (created) {
                try {
                    directory.deleteFile(temporary);
                } catch (IOException ignored) {
                    // nothing more we can do; the name is unique and hidden
                }
            }
        }
    }

    private long copy(InputStream in, SeekableByteChannel out, long oldSize, long maxBytes, SafePath path)
            throws IOException {
        byte[] buffer = new byte[CHUNK];
        long written = 0;
        while (maxBytes < 0 || written < maxBytes) {
            int want = maxBytes < 0 ? CHUNK : (int) Math.min(CHUNK, maxBytes - written);
            int n = in.read(buffer, 0, want);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                continue;
            }
            usage.requireFit(written + n - oldSize, path.toString());
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            written += n;
        }
        return written;
    }

    private static Set<java.nio.file.OpenOption> withNoFollow() {
        return Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }
}
