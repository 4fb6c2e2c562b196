package dev.pinion.filesystem;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar layer of an archive, written into its gzip stream: headers are encoded by commons-compress (PAX
 * records for long or non-ASCII names and big numbers, exactly as {@link TarArchiveOutputStream} writes
 * them), while file contents are read from their channels straight into the gzip blocks. Going through
 * {@link TarArchiveOutputStream} for the contents cost two copies and a call per 512-byte record, on the
 * thread every archive is bound by. Record size 512: the archive ends in exactly two zero records (spec
 * files-backups-transfers.md §2.1).
 */
final class TarFraming {
    private static final int RECORD = 512;
    private static final byte[] ZEROS = new byte[2 * RECORD];

    private final ParallelGzipOutputStream gzip;
    // Header encoders write here; closing one must never close the archive.
    private final OutputStream headerTarget;

    TarFraming(ParallelGzipOutputStream gzip) {
        this.gzip = gzip;
        this.headerTarget = new FilterOutputStream(gzip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the archive stays open
            }
        };
    }

    /**
     * Writes {@code entry}'s header records (with its PAX records when it needs them). A file's
     * {@link #content} must follow.
     */
    void header(TarArchiveEntry entry) throws IOException {
        // A fresh encoder per entry: it has no state across entries, and its own end-of-entry bookkeeping
        // is never reached because the content does not go through it.
        TarArchiveOutputStream encoder = new TarArchiveOutputStream(headerTarget, RECORD);
        encoder.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        encoder.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        encoder.setAddPaxHeadersForNonAsciiNames(true);
        encoder.putArchiveEntry(entry);
    }

    /**
     * Copies at most {@code size} bytes of {@code in} as the current entry's content and pads it to a
     * whole record; returns the bytes copied (fewer when the file ended early: the caller fails).
     */
    long content(ReadableByteChannel in, long size, LongConsumer progress) throws IOException {
        long copied = gzip.transferFrom(in, size, progress);
        if (copied == size) {
            int tail = (int) (size % RECORD);
            if (tail != 0) {
                gzip.write(ZEROS, 0, RECORD - tail);
            }
        }
        return copied;
    }

    /** The two zero records, the gzip trailer; closes the target. */
    void finish() throws IOException {
        gzip.write(ZEROS, 0, ZEROS.length);
        gzip.close();
    }

    /** Ends a failed archive without the markers of a complete one; closes the target. */
    void abort(IOException cause) {
        gzip.abort(cause);
    }
}
