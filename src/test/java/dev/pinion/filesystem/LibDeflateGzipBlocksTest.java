package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The parallel gzip writer with libdeflate (what a node with Debian's libdeflate0 uses; scripts/test.sh
 * installs it): every shared test, plus the member layout. Each block is one complete gzip member, which
 * every reader takes as one file (RFC 1952 §2.2; issue #15 item 2 allows it: Go's compress/gzip, which
 * Wings reads backups and transfers with, is multistream by default).
 */
class LibDeflateGzipBlocksTest extends ParallelGzipOutputStreamTest {
    private static final LibDeflate LIBRARY = LibDeflate.load()
            .orElseThrow(() -> new IllegalStateException("libdeflate0 is missing: scripts/test.sh installs it"));

    @Override
    GzipEngine engine() {
        return GzipEngine.libdeflate(LIBRARY);
    }

    /** One member as read by hand: its header, inflated content, and trailer fields. */
    private record Member(byte[] header, byte[] content, long crc, int size) {}

    /** Splits a concatenation of gzip members by inflating each one (no FLG extras: we never write them). */
    private static List<Member> members(byte[] gzip) throws DataFormatException {
        List<Member> members = new ArrayList<>();
        int offset = 0;
        while (offset < gzip.length) {
            byte[] header = Arrays.copyOfRange(gzip, offset, offset + 10);
            Inflater inflater = new Inflater(true);
            inflater.setInput(gzip, offset + 10, gzip.length - offset - 10);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] sink = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(sink);
                if (n == 0 && inflater.needsInput()) {
                    throw new DataFormatException("member at " + offset + " is truncated");
                }
                content.write(sink, 0, n);
            }
            int trailerAt = gzip.length - inflater.getRemaining();
            inflater.end();
            ByteBuffer trailer = ByteBuffer.wrap(gzip, trailerAt, 8).order(ByteOrder.LITTLE_ENDIAN);
            members.add(new Member(
                    header, content.toByteArray(), Integer.toUnsignedLong(trailer.getInt()), trailer.getInt()));
            offset = trailerAt + 8;
        }
        return members;
    }

    @Test
    void everyBlockIsOneCompleteMemberInOrder() throws Exception {
        byte[] input = mixed(6 * BLOCK + 7);
        List<Member> members = members(gzip(input, 1, BLOCK, 4));

        assertThat(members).hasSize(7);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Member member : members) {
            assertThat(member.header()).startsWith(0x1f, 0x8b, 8, 0);
            CRC32 crc = new CRC32();
            crc.update(member.content());
            assertThat(member.crc()).isEqualTo(crc.getValue());
            assertThat(member.size()).isEqualTo(member.content().length);
            joined.writeBytes(member.content());
        }
        assertThat(members.get(0).content()).hasSize(BLOCK);
        assertThat(members.get(6).content()).hasSize(7);
        assertThat(joined.toByteArray()).isEqualTo(input);
    }

    @Test
    void anInputOfWholeBlocksEndsWithItsLastBlockNotAnEmptyMember() throws Exception {
        // spec §6.5: the Go destination of a transfer stops reading at the tar's end; an empty member after
        // it would be left unread, and the destination's checksum would miss it.
        byte[] input = mixed(4 * BLOCK);
        List<Member> members = members(gzip(input, 1, BLOCK, 2));
        assertThat(members).hasSize(4);
        assertThat(members.get(3).content()).hasSize(BLOCK);
    }

    @Test
    void anEmptyInputIsOneEmptyMember() throws Exception {
        List<Member> members = members(gzip(new byte[0], 1, BLOCK, 2));
        assertThat(members)
                .singleElement()
                .satisfies(member -> assertThat(member.content()).isEmpty());
    }

    @Test
    void anAbortedStreamEndsInALoneHeaderAfterItsCompleteMembers() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, engine(), 1, pool, writers, BLOCK, 2);
        gzip.write(mixed(3 * BLOCK + 5));
        gzip.abort(new IOException("a file shrank"));
        byte[] output = out.toByteArray();
        // Three complete members (the fourth block was never compressed), then a header with nothing after
        // it: a reader that took the members for the whole file would be wrong, so none can.
        assertThat(Arrays.copyOfRange(output, output.length - 10, output.length))
                .isEqualTo(GzipBlocks.header(1));
    }

    @Test
    void libdeflateLevelOneBeatsZlibLevelOneOnRatio() throws IOException {
        // Why its members cost nothing: no dictionary crosses blocks, and the ratio is still better.
        byte[] input = mixed(32 * BLOCK);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(
                zlib, GzipEngine.zlib(), 1, pool, writers, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 2)) {
            gzip.write(input);
        }
        byte[] members = gzip(input, 1, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 2);
        assertThat(members.length).isLessThanOrEqualTo(zlib.size());
    }
}
