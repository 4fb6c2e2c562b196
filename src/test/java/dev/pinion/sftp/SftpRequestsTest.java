package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SFTP packets cut out of the channel's byte stream however the SSH packets split it. */
class SftpRequestsTest {
    private static final int MAX = 1024;

    @Test
    void packetsSplitAnywhereComeOutWholeAndInOrder() throws Exception {
        byte[] first = bytes(300, 1);
        byte[] second = bytes(1, 2);
        byte[] third = bytes(MAX, 3);
        byte[] stream = concat(framed(first), framed(second), framed(third));
        // every chunk size from 1 byte (the length itself split) to the whole stream in one call
        for (int chunk : new int[] {1, 2, 3, 5, 7, 301, 304, 305, stream.length}) {
            SftpRequests requests = new SftpRequests(MAX);
            for (int start = 0; start < stream.length; start += chunk) {
                // a chunk inside a larger array, as MINA hands over its decoded packet
                int length = Math.min(chunk, stream.length - start);
                byte[] carrier = new byte[length + 10];
                System.arraycopy(stream, start, carrier, 5, length);
                assertThat(requests.data(null, carrier, 5, length))
                        .as("the window is released by the worker, not here")
                        .isZero();
            }
            assertThat(requests.take()).as("chunk %d", chunk).isEqualTo(first);
            assertThat(requests.take()).isEqualTo(second);
            assertThat(requests.take()).isEqualTo(third);
            assertThat(requests.isEmpty()).isTrue();
        }
    }

    @Test
    void aLengthAboveTheLimitEndsTheStreamAndNothingAfterItIsQueued() throws Exception {
        SftpRequests requests = new SftpRequests(MAX);
        byte[] ok = bytes(10, 4);
        byte[] stream =
                concat(framed(ok), ByteBuffer.allocate(4).putInt(MAX + 1).array(), framed(bytes(10, 5)));

        requests.data(null, stream, 0, stream.length);
        requests.data(null, framed(ok), 0, ok.length + 4);

        assertThat(requests.take()).isEqualTo(ok);
        assertThat(requests.take()).isSameAs(SftpRequests.TOO_LARGE);
        assertThat(requests.refusedLength()).isEqualTo(MAX + 1);
        assertThat(requests.isEmpty()).isTrue();
    }

    @Test
    void aZeroLengthIsRefusedToo() throws Exception {
        SftpRequests requests = new SftpRequests(MAX);
        requests.data(null, new byte[4], 0, 4);

        assertThat(requests.take()).isSameAs(SftpRequests.TOO_LARGE);
        assertThat(requests.refusedLength()).isZero();
    }

    @Test
    void closingQueuesTheEndAfterWhatArrivedBefore() throws Exception {
        SftpRequests requests = new SftpRequests(MAX);
        byte[] packet = bytes(20, 6);
        requests.data(null, framed(packet), 0, packet.length + 4);

        requests.close();

        assertThat(requests.take()).isEqualTo(packet);
        assertThat(requests.take()).isSameAs(SftpRequests.END);
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] framed(byte[] packet) {
        return ByteBuffer.allocate(4 + packet.length)
                .putInt(packet.length)
                .put(packet)
                .array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
