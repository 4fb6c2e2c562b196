package dev.pinion.sftp;

/**
 * The Poly1305 one-time authenticator {@link JdkChaCha20Poly1305} uses: the JDK's own ({@link JdkPoly1305},
 * an AVX2/AVX-512 intrinsic, several times faster) when java.base opens it to Pinion, else Pinion's
 * portable {@link Poly1305}. Both give RFC 8439's tags.
 */
interface OneTimeMac {
    /** Starts a new tag with this 32-byte one-time key. */
    void init(byte[] key);

    void update(byte[] data, int offset, int length);

    /** Writes the 16-byte tag at {@code offset}; call {@link #init} before the next one. */
    void doFinal(byte[] out, int offset);

    /** The fastest implementation this JVM allows. */
    static OneTimeMac create() {
        return JdkPoly1305.AVAILABLE ? new JdkPoly1305() : new Poly1305();
    }
}
