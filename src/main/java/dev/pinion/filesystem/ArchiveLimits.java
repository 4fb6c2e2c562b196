package dev.pinion.filesystem;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The budgets of one extraction (decompress, backup restore, incoming transfer), so a hostile archive
 * can exhaust neither the heap nor the disk (issue #10 item 3): decoders get a memory limit (a 100-byte
 * .xz or .7z may declare a multi-gigabyte dictionary), the entry count is capped, and the expanded bytes
 * are capped by the quota left or, when the server has no limit, by the space left on the volume's
 * filesystem. Going over any of them is {@link ErrorKind#ARCHIVE_LIMIT} (or {@link ErrorKind#NO_DISK}).
 */
final class ArchiveLimits {
    /** xz/LZMA decoder memory: 128 MiB fits every preset (xz -9 and 7-Zip ultra use 64 MiB dictionaries). */
    static final int DECODER_MEMORY_KIB = 128 * 1024;
    /** Entries (files and directories) in one archive; far above any real game server. */
    static final long MAX_ENTRIES = 1_000_000;

    /** The node's budgets: entry cap, and the byte cap used when the server has no disk limit. */
    record Policy(long maxEntries, LongSupplier unlimitedBytes) {
        /** {@link #MAX_ENTRIES}, and the usable space of the filesystem holding {@code root}. */
        static Policy standard(Path root) {
            return new Policy(MAX_ENTRIES, () -> {
                try {
                    return Files.getFileStore(root).getUsableSpace();
                } catch (IOException e) {
                    throw IoErrors.translate(e, ".");
                }
            });
        }
    }

    private final long maxEntries;
    private final long maxBytes;
    private final String path;
    private long entries;
    private long bytes;

    ArchiveLimits(long maxEntries, long maxBytes, String path) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.path = path;
    }

    /** Counts one more entry; refuses past {@link #MAX_ENTRIES}. */
    void countEntry() {
        if (++entries > maxEntries) {
            throw new FilesystemException(ErrorKind.ARCHIVE_LIMIT, path, "more than " + maxEntries + " entries");
        }
    }

    /** The entry's stream, failing the extraction as soon as the archive's total expanded bytes pass the cap. */
    InputStream budgeted(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public void close() {
                // the archive stream outlives its entries
            }
        };
    }

    private void count(long n) {
        bytes += n;
        if (bytes > maxBytes) {
            throw new FilesystemException(
                    ErrorKind.NO_DISK, path, "archive expands past " + maxBytes + " bytes (quota left or free space)");
        }
    }

    /** A decoder's memory-limit error becomes {@link ErrorKind#ARCHIVE_LIMIT}; other errors pass. */
    static void rethrowMemoryLimit(IOException e, String path) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.tukaani.xz.MemoryLimitException
                    || cause instanceof org.apache.commons.compress.MemoryLimitException) {
                throw new FilesystemException(ErrorKind.ARCHIVE_LIMIT, path, "decoder memory limit exceeded", e);
            }
        }
    }
}
