package dev.pinion.filesystem;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes a file from a stream into a trusted directory atomically. The bytes go to an anonymous
 * O_TMPFILE file in that directory, which no container process can name, open, swap or race; its mode,
 * owner and mtime are set on its descriptor; then it is linked under a hidden name and renamed over the
 * target with one {@code renameat} ({@link TemporaryFile}). A failed or interrupted write leaves no file
 * behind and the old file untouched; the quota is checked before every chunk, so a body that lies about
 * its length cannot overrun it. Used by write, upload, copy and decompress.
 *
 * <p>On a filesystem without O_TMPFILE the file is created under a hidden random name with
 * O_CREAT|O_EXCL|O_NOFOLLOW and handled by descriptor only, so a container process that renames or
 * replaces that name can at worst have its own file moved to the target, which it could do anyway.
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
    record Request(long maxBytes, boolean exact, int mode, Instant modified) {}

    /**
     * Replaces {@code name} in {@code directory} with the stream's bytes and returns how many were
     * written. {@code oldSize} is the size of the file being replaced (0 if new), credited to the quota.
     */
    long write(NativeDirectory directory, String name, InputStream in, long oldSize, Request request, SafePath path) {
        long[] reserved = {0};
        boolean published = false;
        try (TemporaryFile temporary = createTemporary(directory, request.mode())) {
            long written = copy(in, temporary.channel(), oldSize, request.maxBytes(), path, reserved);
            if (request.exact() && request.maxBytes() >= 0 && written < request.maxBytes()) {
                throw new EOFException("body ended after " + written + " of " + request.maxBytes() + " bytes");
            }
            // The create mode was masked by the umask; an overwritten file keeps its exact mode.
            temporary.setMode(request.mode());
            temporary.setOwner(ownership);
            if (request.modified() != null) {
                temporary.setModified(request.modified());
            }
            PosixFileAttributes target = PathResolver.lstat(directory, name);
            if (target != null && target.isDirectory()) {
                throw new FilesystemException(ErrorKind.IS_DIR, path.toString(), "is a directory");
            }
            // renameat replaces the name itself: if it became a symlink or FIFO meanwhile, that entry is
            // replaced, never followed or opened.
            temporary.publish(directory, hiddenName(), name);
            published = true;
            // The growth was reserved chunk by chunk; settle the rest (a shrink credits the quota).
            usage.add((written - oldSize) - reserved[0]);
            return written;
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        } finally {
            if (!published) {
                usage.add(-reserved[0]);
            }
        }
    }

    /** Our hidden names ({@code .pinion-<uuid>.tmp}); archives skip them. */
    static String hiddenName() {
        return ".pinion-" + UUID.randomUUID() + ".tmp";
    }

    /** An O_TMPFILE file in {@code directory}, or a hidden O_EXCL one where the filesystem has none. */
    static TemporaryFile createTemporary(NativeDirectory directory, int mode) throws IOException {
        TemporaryFile anonymous = directory.createAnonymous(mode);
        return anonymous != null ? anonymous : TemporaryFile.visible(directory, mode);
    }

    /**
     * Copies, reserving quota atomically for every chunk that grows the file past {@code oldSize}
     * ({@code reserved[0]} holds the total reserved so far).
     */
    private long copy(
            InputStream in, WritableByteChannel out, long oldSize, long maxBytes, SafePath path, long[] reserved)
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
            long growth = Math.max(0, written + n - oldSize) - reserved[0];
            if (growth > 0) {
                usage.reserve(growth, path.toString());
                reserved[0] += growth;
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            written += n;
        }
        return written;
    }
}
