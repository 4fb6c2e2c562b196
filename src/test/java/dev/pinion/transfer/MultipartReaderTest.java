package dev.pinion.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader the destination uses on a transfer body (spec §6.2, §6.3). */
class MultipartReaderTest {
    private static final String BOUNDARY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";

    @Test
    void readsGoFramedPartsWhateverTheReadSizes() throws IOException {
        byte[] archive = new byte[300_000];
        new Random(7).nextBytes(archive);
        // Content that looks like a boundary start but is not one must pass through unchanged.
        byte[] tricky = ("\r\n--" + BOUNDARY.substring(0, 40) + "x").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tricky, 0, archive, 1000, tricky.length);
        byte[] body = GoWingsStream.multipart(
                BOUNDARY, GoWingsStream.archivePart(archive), GoWingsStream.checksumPart("abc"), new Object[] {
                    "extra", null, new byte[] {1, 2}
                });
        for (long seed = 0; seed < 20; seed++) {
            MultipartReader reader = new MultipartReader(GoWingsStream.irregular(body, seed), BOUNDARY);
            MultipartReader.Part first = reader.next().orElseThrow();
            assertThat(first.name()).isEqualTo("archive");
            assertThat(first.content().readAllBytes()).isEqualTo(archive);
            MultipartReader.Part second = reader.next().orElseThrow();
            assertThat(second.name()).isEqualTo("checksum");
            assertThat(new String(second.content().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("abc");
            assertThat(reader.next().orElseThrow().name()).isEqualTo("extra");
            assertThat(reader.next()).isEmpty();
        }
    }

    @Test
    void smallReadsResumeTheBoundaryScanWithoutMissingOrInventingOne() throws IOException {
        // The scan resumes where the last read stopped: near-boundaries everywhere (also across buffer
        // refills) must pass through, and the real one must still end the part, whatever the read sizes.
        byte[] archive = new byte[400_000];
        new Random(11).nextBytes(archive);
        byte[] tricky =
                ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "!").getBytes(StandardCharsets.US_ASCII);
        for (int at = 500; at + tricky.length < archive.length; at += 7_919) {
            System.arraycopy(tricky, 0, archive, at, tricky.length);
        }
        byte[] body = GoWingsStream.multipart(
                BOUNDARY, GoWingsStream.archivePart(archive), GoWingsStream.checksumPart("abc"));
        for (long seed = 0; seed < 10; seed++) {
            Random sizes = new Random(seed);
            MultipartReader reader = new MultipartReader(GoWingsStream.irregular(body, seed), BOUNDARY);
            InputStream part = reader.next().orElseThrow().content();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[9_000];
            for (int n; (n = part.read(buffer, 0, 1 + sizes.nextInt(buffer.length))) >= 0; ) {
                got.write(buffer, 0, n);
            }
            assertThat(got.toByteArray()).isEqualTo(archive);
            assertThat(new String(reader.next().orElseThrow().content().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("abc");
            assertThat(reader.next()).isEmpty();
        }
    }

    @Test
    void unreadPartsAreSkipped() throws IOException {
        byte[] body = GoWingsStream.multipart(
                BOUNDARY, new Object[] {"backup_1", null, new byte[100_000]}, GoWingsStream.checksumPart("ff"));
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        assertThat(reader.next().orElseThrow().name()).isEqualTo("backup_1");
        MultipartReader.Part next = reader.next().orElseThrow();
        assertThat(new String(next.content().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("ff");
    }

    @Test
    void aBodyCutBeforeItsClosingBoundaryIsAnErrorNotAShortPart() throws IOException {
        byte[] body = GoWingsStream.multipart(BOUNDARY, GoWingsStream.archivePart(new byte[50_000]));
        byte[] cut = Arrays.copyOf(body, 30_000);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), BOUNDARY);
        MultipartReader.Part part = reader.next().orElseThrow();
        assertThatThrownBy(() -> part.content().readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void endlessPartHeadersAreRefused() {
        byte[] body = ("--" + BOUNDARY + "\r\nX-Filler: " + "a".repeat(40_000)).getBytes(StandardCharsets.US_ASCII);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("too large");
    }

    @Test
    void boundaryComesFromAMultipartContentTypeOnly() {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=" + BOUNDARY))
                .contains(BOUNDARY);
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=\"a b\""))
                .contains("a b");
        assertThat(MultipartReader.boundary("application/json; boundary=x")).isEmpty();
        assertThat(MultipartReader.boundary(null)).isEmpty();
    }
}
