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

    // RFC 8439 appendix A.3 vectors 5-11: accumulators that land on or just past p = 2^130 - 5, where a
    // missed carry or a wrong final reduction shows
    @Test
    void reductionEdgeCasesMatchMina() throws Exception {
        String[][] cases = {
            {"02" + "00".repeat(31), "ff".repeat(16)},
            {"02" + "00".repeat(15) + "ff".repeat(16), "02" + "00".repeat(15)},
            {"01" + "00".repeat(31), "ff".repeat(16) + "f0" + "ff".repeat(15) + "11" + "00".repeat(15)},
            {"01" + "00".repeat(31), "ff".repeat(16) + "fb" + "fe".repeat(15) + "01".repeat(16)},
            {"02" + "00".repeat(31), "fd" + "ff".repeat(15)},
            {
                "0100000000000000" + "0400000000000000" + "00".repeat(16),
                "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
                        + "0000000000000000000000000000000001000000000000000000000000000000"
            },
            {
                "0100000000000000" + "0400000000000000" + "00".repeat(16),
                "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000" + "00000000000000000000000000000000"
            },
        };
        for (String[] c : cases) {
            byte[] key = HexFormat.of().parseHex(c[0]);
            byte[] message = HexFormat.of().parseHex(c[1]);
            Poly1305 ours = new Poly1305();
            ours.init(key);
            ours.update(message, 0, message.length);
            byte[] a = new byte[16];
            ours.doFinal(a, 0);
            Poly1305Mac reference = new Poly1305Mac();
            reference.init(key);
            reference.update(message, 0, message.length);
            byte[] b = new byte[16];
            reference.doFinal(b, 0);
            assertThat(a).as(c[1]).isEqualTo(b);
        }
    }

    // The tests run with java.base opened as the jar's manifest opens it: the JDK's Poly1305 is in use
    // and gives the same tags as Pinion's, however it is fed
    @Test
    void theJdksPoly1305IsUsedAndMatchesOurs() {
        assertThat(JdkPoly1305.AVAILABLE).isTrue();
        assertThat(OneTimeMac.create()).isInstanceOf(JdkPoly1305.class);
        Random random = new Random(1306);
        OneTimeMac jdk = new JdkPoly1305();
        OneTimeMac ours = new Poly1305();
        for (int round = 0; round < 500; round++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            int length = round < 50 ? round : random.nextInt(70_000);
            byte[] message = new byte[length];
            random.nextBytes(message);
            jdk.init(key);
            ours.init(key);
            int done = 0;
            while (done < length) {
                int piece = Math.min(length - done, 1 + random.nextInt(40_000));
                jdk.update(message, done, piece);
                ours.update(message, done, piece);
                done += piece;
            }
            byte[] a = new byte[18];
            byte[] b = new byte[18];
            jdk.doFinal(a, 1);
            ours.doFinal(b, 1);
            assertThat(a).as("round %d", round).isEqualTo(b);
        }
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
