package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.apache.sshd.common.cipher.ChaCha20Cipher;
import org.apache.sshd.common.cipher.Cipher;
import org.junit.jupiter.api.Test;

/**
 * The JDK-backed chacha20-poly1305@openssh.com produces exactly MINA's reference implementation's bytes
 * (itself checked against OpenSSH by MINA), packet after packet, in both directions, and refuses a
 * tampered tag. OpenSSH interop end to end: SftpServerTest's {@code sftp} runs negotiate this cipher
 * (OpenSSH's first choice).
 */
class JdkChaCha20Poly1305Test {
    private final Random random = new Random(42);

    @Test
    void encryptsPacketsExactlyAsMinasReferenceAndDecryptsThem() throws Exception {
        byte[] key = bytes(64);
        // The 32-bit packet sequence number wraps to 0 at packet 2, as OpenSSH's does.
        byte[] iv = {0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
        Cipher ours = new JdkChaCha20Poly1305();
        Cipher reference = new ChaCha20Cipher();
        Cipher oursIn = new JdkChaCha20Poly1305();
        Cipher referenceIn = new ChaCha20Cipher();
        ours.init(Cipher.Mode.Encrypt, key, iv);
        reference.init(Cipher.Mode.Encrypt, key, iv);
        oursIn.init(Cipher.Mode.Decrypt, key, iv);
        referenceIn.init(Cipher.Mode.Decrypt, key, iv);
        for (int size : new int[] {12, 28, 1, 63, 64, 65, 4096, 32_768 + 13, 262_144, 7}) {
            byte[] plain = bytes(4 + size);
            byte[] a = packet(plain);
            byte[] b = packet(plain);
            ours.updateWithAAD(a, 0, 4, size);
            reference.updateWithAAD(b, 0, 4, size);
            assertThat(a).as("packet of %d bytes", size).isEqualTo(b);

            byte[] c = a.clone();
            oursIn.updateWithAAD(a, 0, 4, size);
            referenceIn.updateWithAAD(c, 0, 4, size);
            assertThat(Arrays.copyOf(a, 4 + size)).isEqualTo(plain);
            assertThat(Arrays.copyOf(c, 4 + size)).isEqualTo(plain);
        }
    }

    @Test
    void aTamperedTagOrPayloadIsRefused() throws Exception {
        byte[] key = bytes(64);
        byte[] iv = new byte[8];
        Cipher out = new JdkChaCha20Poly1305();
        out.init(Cipher.Mode.Encrypt, key, iv);
        byte[] sealed = packet(bytes(4 + 100));
        out.updateWithAAD(sealed, 0, 4, 100);
        for (int flip : new int[] {2, 50, 4 + 100 + 3}) {
            byte[] forged = sealed.clone();
            forged[flip] ^= 1;
            Cipher in = new JdkChaCha20Poly1305();
            in.init(Cipher.Mode.Decrypt, key, iv);
            assertThatThrownBy(() -> in.updateWithAAD(forged, 0, 4, 100)).isInstanceOf(AEADBadTagException.class);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The plaintext with room for the 16-byte tag. */
    private static byte[] packet(byte[] plain) {
        return Arrays.copyOf(plain, plain.length + 16);
    }
}
