package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.apache.sshd.common.mac.Poly1305Mac;
import org.junit.jupiter.api.Test;

/** Pinion's Poly1305 gives RFC 8439's tag and MINA's tags for any message, however it is fed. */
class Poly1305Test {
    @Test
    void rfc8439Vector() {
        // RFC 8439 §2.5.2
        byte[] key = HexFormat.of().parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        Poly1305 poly = new Poly1305();
        poly.init(key);
        poly.update(message, 0, message.length);
        byte[] tag = new byte[16];
        poly.doFinal(tag, 0);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
    }

    @Test
    void matchesMinaForRandomKeysMessagesAndSplits() throws Exception {
        Random random = new Random(1305);
        Poly1305 ours = new Poly1305();
        Poly1305Mac reference = new Poly1305Mac();
        for (int round = 0; round < 2000; round++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            if (round % 7 == 0) {
                // near the edges of the arithmetic: all-ones key and message (h close to p)
                Arrays.fill(key, (byte) 0xff);
            }
            int length = round < 100 ? round : random.nextInt(70_000);
            byte[] message = new byte[length + 8];
            random.nextBytes(message);
            if (round % 7 == 0) {
                Arrays.fill(message, (byte) 0xff);
            }
            int offset = random.nextInt(8);
            ours.init(key);
            reference.init(key);
            int done = 0;
            while (done < length) {
                int piece = Math.min(length - done, random.nextInt(5) == 0 ? 4 : 1 + random.nextInt(40_000));
                ours.update(message, offset + done, piece);
                reference.update(message, offset + done, piece);
                done += piece;
            }
            byte[] a = new byte[20];
            byte[] b = new byte[20];
            ours.doFinal(a, 2);
            reference.doFinal(b, 2);
            assertThat(a).as("round %d, %d bytes", round, length).isEqualTo(b);
        }
    }
}
