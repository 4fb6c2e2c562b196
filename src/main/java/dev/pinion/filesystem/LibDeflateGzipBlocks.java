package dev.pinion.filesystem;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * Blocks as libdeflate writes them: each block is one complete gzip member (header, deflate, CRC-32 and
 * size), so the stream is a concatenation of members that every gzip reader reads as one file (see {@link
 * LibDeflate} for why). No dictionary crosses blocks: with 128 KiB blocks that costs well under 1 % of
 * ratio on a server's files, and libdeflate's level 1 already beats zlib's on ratio.
 *
 * <p>An abandoned stream ends in a lone member header, so a reader that has read every complete member
 * still fails with "unexpected end of file" instead of taking the archive for whole.
 */
final class LibDeflateGzipBlocks implements GzipBlocks {
    private final LibDeflate library;
    private final int level;
    private final int pooled;
    // Native compressors, one per block compressing at once. Guarded by this: a block still compressing
    // when the stream is closed (an abort) frees its own on return instead of pooling it.
    private final ArrayDeque<LibDeflate.Compressor> idle = new ArrayDeque<>();
    private boolean closed;

    LibDeflateGzipBlocks(LibDeflate library, int level, int blocksInFlight) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0-9: " + level);
        }
        this.library = library;
        this.level = level;
        this.pooled = blocksInFlight;
    }

    @Override
    public boolean usesDictionary() {
        return false;
    }

    @Override
    public Compressed compress(
            byte[] input, int length, byte[] dictionary, int dictionaryLength, boolean last, byte[] spare) {
        LibDeflate.Compressor compressor = borrow();
        try {
            int bound = compressor.bound(length);
            byte[] output = spare != null && spare.length >= bound ? spare : new byte[bound];
            int produced = compressor.gzip(input, length, output);
            if (produced == 0) {
                // Cannot happen with a buffer of the bound's size; never write a silently empty block.
                throw new IllegalStateException("libdeflate found no room in " + output.length + " bytes");
            }
            return new Compressed(output, produced, 0);
        } finally {
            giveBack(compressor);
        }
    }

    private synchronized LibDeflate.Compressor borrow() {
        if (closed) {
            throw new IllegalStateException("gzip stream closed");
        }
        LibDeflate.Compressor compressor = idle.poll();
        return compressor != null ? compressor : library.compressor(level);
    }

    private synchronized void giveBack(LibDeflate.Compressor compressor) {
        if (closed || idle.size() >= pooled) {
            compressor.close();
        } else {
            idle.push(compressor);
        }
    }

    @Override
    public void beforeBlock(OutputStream out, boolean first) {
        // Each member carries its own header.
    }

    @Override
    public void written(Compressed block, int inputLength) {
        // Each member carries its own CRC-32 and size.
    }

    @Override
    public void end(OutputStream out) {
        // The last member's trailer ends the file.
    }

    @Override
    public void abandon(OutputStream out) throws IOException {
        out.write(GzipBlocks.header(level));
    }

    @Override
    public synchronized void close() {
        closed = true;
        LibDeflate.Compressor compressor;
        while ((compressor = idle.poll()) != null) {
            compressor.close();
        }
    }
}
