package dev.pinion.filesystem;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Blocks as pigz and Go's pgzip write them, with the JDK's zlib: one gzip member; every block is deflated
 * with the previous block's last 32 KiB as preset dictionary (so the ratio is close to a single-threaded
 * stream) and ends with a sync flush, the last with FINISH; the blocks' CRC-32s are combined into the
 * trailer. What a node without libdeflate writes (see {@link LibDeflate}).
 */
final class ZlibGzipBlocks implements GzipBlocks {
    static final int DICTIONARY = 32 * 1024;

    private final int level;
    // Deflaters are expensive to create (native state); each block borrows one, and there are never more
    // than blocksInFlight of them.
    private final BlockingQueue<Deflater> deflaters;
    // Writer thread only: the running CRC and size of the input.
    private int crc;
    private long size;

    ZlibGzipBlocks(int level, int blocksInFlight) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0-9: " + level);
        }
        this.level = level;
        this.deflaters = new ArrayBlockingQueue<>(blocksInFlight);
    }

    @Override
    public boolean usesDictionary() {
        return true;
    }

    @Override
    public Compressed compress(
            byte[] input, int length, byte[] dictionary, int dictionaryLength, boolean last, byte[] spare) {
        Deflater deflater = deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        try {
            if (dictionary != null && dictionaryLength > 0) {
                int n = Math.min(DICTIONARY, dictionaryLength);
                deflater.setDictionary(dictionary, dictionaryLength - n, n);
            }
            deflater.setInput(input, 0, length);
            byte[] output = spare;
            if (output == null || output.length < length + (length >> 8) + 64) {
                output = new byte[length + (length >> 8) + 64];
            }
            int produced = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    output = roomFor(output, produced);
                    produced += deflater.deflate(output, produced, output.length - produced);
                }
            } else {
                int n;
                do {
                    output = roomFor(output, produced);
                    n = deflater.deflate(output, produced, output.length - produced, Deflater.SYNC_FLUSH);
                    produced += n;
                } while (produced == output.length);
            }
            CRC32 checksum = new CRC32();
            checksum.update(input, 0, length);
            return new Compressed(output, produced, (int) checksum.getValue());
        } finally {
            deflater.reset();
            if (!deflaters.offer(deflater)) {
                deflater.end();
            }
        }
    }

    private static byte[] roomFor(byte[] output, int produced) {
        return produced < output.length ? output : Arrays.copyOf(output, output.length * 2);
    }

    @Override
    public void beforeBlock(OutputStream out, boolean first) throws IOException {
        if (first) {
            out.write(GzipBlocks.header(level));
        }
    }

    @Override
    public void written(Compressed block, int inputLength) {
        crc = Crc32Combine.combine(crc, block.crc(), inputLength);
        size += inputLength;
    }

    @Override
    public void end(OutputStream out) throws IOException {
        byte[] trailer = new byte[8];
        littleEndian(trailer, 0, crc);
        littleEndian(trailer, 4, (int) size); // ISIZE: the input length modulo 2^32
        out.write(trailer);
    }

    @Override
    public void abandon(OutputStream out) {
        // Without its final block and trailer the member is truncated: every reader fails at its end.
    }

    @Override
    public void close() {
        Deflater deflater;
        while ((deflater = deflaters.poll()) != null) {
            deflater.end();
        }
    }

    private static void littleEndian(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }
}
