package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The parallel gzip writer with the JDK's zlib (a node without libdeflate): every shared test, plus one
 * member (spec files-backups-transfers.md §2.1: "a single gzip member") whose blocks share a dictionary.
 */
class ZlibGzipBlocksTest extends ParallelGzipOutputStreamTest {
    @Override
    GzipEngine engine() {
        return GzipEngine.zlib();
    }

    @Test
    void isASingleMemberWhoseTrailerHoldsTheCrcAndSizeOfTheWholeInput() throws IOException {
        byte[] input = mixed(6 * BLOCK + 7);
        byte[] output = gzip(input, 1, BLOCK, 4);

        assertThat(Arrays.copyOf(output, 4)).containsExactly(0x1f, 0x8b, 8, 0);
        ByteBuffer trailer = ByteBuffer.wrap(output, output.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(input);
        assertThat(Integer.toUnsignedLong(trailer.getInt())).isEqualTo(crc.getValue());
        assertThat(trailer.getInt()).isEqualTo(input.length);
        // No second member header anywhere a member could start: GZIPInputStream would read one silently.
        assertThat(countMembers(output)).isEqualTo(1);
    }

    private static int countMembers(byte[] gzip) throws IOException {
        // Inflate the first member by hand and check nothing follows its trailer.
        Inflater inflater = new Inflater(true);
        inflater.setInput(gzip, 10, gzip.length - 10);
        byte[] sink = new byte[64 * 1024];
        try {
            while (!inflater.finished()) {
                inflater.inflate(sink);
            }
        } catch (DataFormatException e) {
            throw new IOException(e);
        }
        int remaining = inflater.getRemaining();
        inflater.end();
        return remaining == 8 ? 1 : 2;
    }

    @Test
    void storedBlocksAtLevelZeroSayNothingOfTheirSpeed() throws IOException {
        assertThat(gzip(mixed(BLOCK), 0, BLOCK, 2)[8]).isEqualTo((byte) 0); // XFL
    }

    @Test
    void anInputOfWholeBlocksEndsInAFinalBlockThatCarriesData() throws IOException {
        // spec §6.5: a sync flush right before finish() leaves an empty final block the Go destination of a
        // transfer never reads, and its checksum then misses the trailer. A sync flush ends in 00 00 ff ff;
        // zlib's empty final block after it is 03 00.
        byte[] input = mixed(4 * BLOCK);
        byte[] output = gzip(input, 1, BLOCK, 2);
        byte[] end = Arrays.copyOfRange(output, output.length - 8 - 6, output.length - 8);
        assertThat(end).isNotEqualTo(new byte[] {0, 0, (byte) 0xff, (byte) 0xff, 3, 0});
        assertThat(gunzip(output)).isEqualTo(input);
    }

    @Test
    void thePresetDictionaryKeepsTheRatioOfASingleStream() throws IOException {
        // Random bytes repeating with a period far below 32 KiB: without the previous block as dictionary
        // every block would start cold and spend a whole period in literals.
        byte[] input = new byte[16 * BLOCK];
        byte[] period = new byte[3000];
        new Random(1).nextBytes(period);
        for (int i = 0; i < input.length; i++) {
            input[i] = period[i % period.length];
        }
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(single)) {
            gzip.write(input);
        }
        byte[] parallel = gzip(input, 6, BLOCK, 4);
        // Each block still costs its sync marker; a cold start per block would cost ~1 period per block.
        assertThat(parallel.length).isLessThan(single.size() + 16 * 64);
    }
}
