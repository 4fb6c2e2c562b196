package dev.pinion.sftp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;

/**
 * OpenSSH's {@code chacha20-poly1305@openssh.com} (PROTOCOL.chacha20poly1305), the cipher OpenSSH clients
 * pick first, with the ChaCha20 keystream from the JDK's {@code ChaCha20} cipher instead of MINA's pure
 * Java engine: the JDK's is a HotSpot intrinsic (AVX2/AVX-512), MINA's was most of the CPU of an SFTP
 * upload (bench/sftp-vs-openssh.sh profile); Poly1305 is the JDK's too where java.base opens it, else Pinion's
 * ({@link OneTimeMac}). Same wire format as MINA's
 * {@code ChaCha20Cipher}; JdkChaCha20Poly1305Test checks both against each other.
 *
 * <p>The mapping: OpenSSH runs the original ChaCha20 (64-bit nonce = the packet sequence number, 64-bit
 * block counter); with a counter below 2^32 that equals the IETF ChaCha20 the JDK implements with the
 * 96-bit nonce {@code 0x00000000 || seqnr}. The JDK refuses to encrypt twice with one key and nonce (a
 * guard for its AEAD users), and this construction needs the same nonce for the Poly1305 key (block 0)
 * and the payload (block 1) — so the keystream is always applied in DECRYPT mode, which for a stream
 * cipher is the same XOR.
 */
final class JdkChaCha20Poly1305 implements Cipher {
    static final String NAME = "chacha20-poly1305@openssh.com";

    /** The factory for MINA's cipher list, under OpenSSH's name. */
    static final NamedFactory<Cipher> FACTORY = new NamedFactory<>() {
        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public Cipher create() {
            return new JdkChaCha20Poly1305();
        }
    };

    private static final byte[] ZEROS = new byte[Poly1305.KEY_BYTES];

    private final javax.crypto.Cipher header;
    private final javax.crypto.Cipher body;
    private final OneTimeMac mac = OneTimeMac.create();
    private final byte[] expectedTag = new byte[Poly1305.TAG_BYTES];
    private final byte[] nonce = new byte[12];
    private final byte[] polyKey = new byte[Poly1305.KEY_BYTES];
    private SecretKeySpec headerKey;
    private SecretKeySpec bodyKey;
    private Mode mode;
    private long sequence;
    private long firstSequence;

    JdkChaCha20Poly1305() {
        try {
            header = javax.crypto.Cipher.getInstance("ChaCha20");
            body = javax.crypto.Cipher.getInstance("ChaCha20");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20", e);
        }
    }

    @Override
    public void init(Mode mode, byte[] key, byte[] iv) throws Exception {
        this.mode = mode;
        bodyKey = new SecretKeySpec(Arrays.copyOfRange(key, 0, 32), "ChaCha20");
        headerKey = new SecretKeySpec(Arrays.copyOfRange(key, 32, 64), "ChaCha20");
        long initial = 0;
        for (int i = 0; i < 8; i++) {
            initial = (initial << 8) | (iv[i] & 0xff);
        }
        sequence = initial;
        firstSequence = initial;
        startPacket();
    }

    /** Keys this packet's header and body streams and the MAC from the sequence number. */
    private void startPacket() throws Exception {
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        header.init(javax.crypto.Cipher.DECRYPT_MODE, headerKey, new ChaCha20ParameterSpec(nonce, 0));
        body.init(javax.crypto.Cipher.DECRYPT_MODE, bodyKey, new ChaCha20ParameterSpec(nonce, 0));
        body.update(ZEROS, 0, ZEROS.length, polyKey, 0);
        mac.init(polyKey);
        body.init(javax.crypto.Cipher.DECRYPT_MODE, bodyKey, new ChaCha20ParameterSpec(nonce, 1));
    }

    @Override
    public void updateAAD(byte[] data, int offset, int length) throws Exception {
        if (mode == null) {
            throw new IllegalStateException("Cipher not initialized");
        }
        if (length != 4) {
            throw new IllegalArgumentException("AAD only supported for the encrypted packet length");
        }
        if (mode == Mode.Decrypt) {
            mac.update(data, offset, length);
        }
        header.update(data, offset, length, data, offset);
        if (mode == Mode.Encrypt) {
            mac.update(data, offset, length);
        }
    }

    @Override
    public void update(byte[] input, int offset, int length) throws Exception {
        if (mode == null) {
            throw new IllegalStateException("Cipher not initialized");
        }
        if (mode == Mode.Decrypt) {
            mac.update(input, offset, length);
            mac.doFinal(expectedTag, 0);
            int difference = 0;
            for (int i = 0; i < Poly1305.TAG_BYTES; i++) {
                difference |= expectedTag[i] ^ input[offset + length + i];
            }
            if (difference != 0) {
                throw new AEADBadTagException("Tag mismatch");
            }
        }
        if (length > 0) {
            body.update(input, offset, length, input, offset);
        }
        if (mode == Mode.Encrypt) {
            mac.update(input, offset, length);
            mac.doFinal(input, offset + length);
        }
        // The SSH packet sequence number is 32 bits and wraps (RFC 4253 §6.4), as OpenSSH's nonce does.
        sequence = (sequence + 1) & 0xFFFF_FFFFL;
        if (sequence == firstSequence) {
            throw new IllegalStateException("Packet sequence number cannot be reused with the same key");
        }
        startPacket();
    }

    @Override
    public String getAlgorithm() {
        return "ChaCha20";
    }

    @Override
    public String getTransformation() {
        return "ChaCha20";
    }

    @Override
    public int getIVSize() {
        return 8;
    }

    @Override
    public int getAuthenticationTagSize() {
        return 16;
    }

    @Override
    public int getCipherBlockSize() {
        return 8;
    }

    @Override
    public int getKdfSize() {
        return 64;
    }

    @Override
    public int getKeySize() {
        return 256;
    }
}
