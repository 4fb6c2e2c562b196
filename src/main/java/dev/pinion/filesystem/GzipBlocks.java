package dev.pinion.filesystem;

import java.io.IOException;
import java.io.OutputStream;

/**
 * How one {@link ParallelGzipOutputStream} turns its blocks into gzip bytes: {@link ZlibGzipBlocks} (one
 * member, each block deflated with the previous block as dictionary and sync-flushed) or {@link
 * LibDeflateGzipBlocks} (each block its own member). One instance per stream; {@link #compress} runs on the
 * compression workers, at most {@code blocksInFlight} at once, everything else on the stream's writer
 * thread (or in its close, once that thread has ended).
 */
sealed interface GzipBlocks permits ZlibGzipBlocks, LibDeflateGzipBlocks {
    /** True when {@link #compress} wants the previous block's input as its dictionary. */
    boolean usesDictionary();

    /**
     * Compresses {@code input[0, length)}; {@code dictionary} is the previous block's input (null for the
     * first block or when {@link #usesDictionary} is false); {@code last} marks the final block. {@code
     * spare} is a recycled output buffer to reuse if large enough (may be null).
     */
    Compressed compress(byte[] input, int length, byte[] dictionary, int dictionaryLength, boolean last, byte[] spare);

    /** Writes what comes before a block ({@code first}: nothing has been written yet). */
    void beforeBlock(OutputStream out, boolean first) throws IOException;

    /** Accounts for a block once written (the whole-stream CRC, for a single member). */
    void written(Compressed block, int inputLength);

    /** Writes what ends a complete stream after its last block. */
    void end(OutputStream out) throws IOException;

    /** Writes what makes an abandoned stream unreadable as complete to every reader. */
    void abandon(OutputStream out) throws IOException;

    /** Frees native state; blocks still compressing free theirs when they finish. */
    void close();

    /** One compressed block: {@code data[0, length)}, and the CRC-32 of its input where the codec needs it. */
    record Compressed(byte[] data, int length, int crc) {}

    /** The gzip member header as Go's compress/gzip writes it: no name, MTIME 0, OS 255 (unknown). */
    static byte[] header(int level) {
        int extraFlags = level == 9 ? 2 : level == 1 ? 4 : 0;
        return new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) extraFlags, (byte) 255};
    }
}
