package dev.pinion.sftp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Poly1305 (RFC 8439 §2.5) for {@link JdkChaCha20Poly1305}: five 26-bit limbs in 64-bit arithmetic (the
 * classic "donna-32" layout), reading full 16-byte blocks straight from the caller's array. MINA's
 * Poly1305Mac copies every block and unpacks it byte by byte, and was the largest CPU cost left in an
 * SFTP upload once the ChaCha20 keystream came from the JDK; the JDK's own Poly1305 is not exported.
 * Poly1305Test checks it against RFC 8439's vector and MINA's implementation. Not thread-safe.
 */
final class Poly1305 {
    static final int KEY_BYTES = 32;
    static final int TAG_BYTES = 16;
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MASK = 0x3ffffff;

    private long r0, r1, r2, r3, r4;
    private long s1, s2, s3, s4;
    private long h0, h1, h2, h3, h4;
    private long pad0, pad1, pad2, pad3;
    private final byte[] partial = new byte[16];
    private int partialLength;

    /** Starts a new tag with this one-time key (r clamped as the RFC says, s the last 16 bytes). */
    void init(byte[] key) {
        r0 = word(key, 0) & 0x3ffffff;
        r1 = (word(key, 3) >>> 2) & 0x3ffff03;
        r2 = (word(key, 6) >>> 4) & 0x3ffc0ff;
        r3 = (word(key, 9) >>> 6) & 0x3f03fff;
        r4 = (word(key, 12) >>> 8) & 0x00fffff;
        s1 = r1 * 5;
        s2 = r2 * 5;
        s3 = r3 * 5;
        s4 = r4 * 5;
        pad0 = word(key, 16);
        pad1 = word(key, 20);
        pad2 = word(key, 24);
        pad3 = word(key, 28);
        h0 = h1 = h2 = h3 = h4 = 0;
        partialLength = 0;
    }

    void update(byte[] data, int offset, int length) {
        if (partialLength > 0) {
            int take = Math.min(16 - partialLength, length);
            System.arraycopy(data, offset, partial, partialLength, take);
            partialLength += take;
            offset += take;
            length -= take;
            if (partialLength < 16) {
                return;
            }
            block(partial, 0, 1L << 24);
            partialLength = 0;
        }
        while (length >= 16) {
            block(data, offset, 1L << 24);
            offset += 16;
            length -= 16;
        }
        if (length > 0) {
            System.arraycopy(data, offset, partial, 0, length);
            partialLength = length;
        }
    }

    /** Writes the 16-byte tag at {@code offset}; call {@link #init} before the next one. */
    void doFinal(byte[] out, int offset) {
        if (partialLength > 0) {
            partial[partialLength] = 1;
            for (int i = partialLength + 1; i < 16; i++) {
                partial[i] = 0;
            }
            block(partial, 0, 0);
            partialLength = 0;
        }
        long c = h1 >>> 26;
        h1 &= MASK;
        h2 += c;
        c = h2 >>> 26;
        h2 &= MASK;
        h3 += c;
        c = h3 >>> 26;
        h3 &= MASK;
        h4 += c;
        c = h4 >>> 26;
        h4 &= MASK;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK;
        h1 += c;

        // h - p, kept when h >= p (constant time)
        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= MASK;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= MASK;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= MASK;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= MASK;
        long g4 = h4 + c - (1L << 26);
        long keepH = g4 >> 63;
        h0 = (h0 & keepH) | (g0 & ~keepH);
        h1 = (h1 & keepH) | (g1 & ~keepH);
        h2 = (h2 & keepH) | (g2 & ~keepH);
        h3 = (h3 & keepH) | (g3 & ~keepH);
        h4 = (h4 & keepH) | (g4 & ~keepH);

        long t0 = (h0 | (h1 << 26)) & 0xffffffffL;
        long t1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
        long t2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
        long t3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
        long f = t0 + pad0;
        LE_INT.set(out, offset, (int) f);
        f = t1 + pad1 + (f >>> 32);
        LE_INT.set(out, offset + 4, (int) f);
        f = t2 + pad2 + (f >>> 32);
        LE_INT.set(out, offset + 8, (int) f);
        f = t3 + pad3 + (f >>> 32);
        LE_INT.set(out, offset + 12, (int) f);
    }

    private void block(byte[] m, int offset, long hibit) {
        h0 += word(m, offset) & MASK;
        h1 += (word(m, offset + 3) >>> 2) & MASK;
        h2 += (word(m, offset + 6) >>> 4) & MASK;
        h3 += (word(m, offset + 9) >>> 6) & MASK;
        h4 += (word(m, offset + 12) >>> 8) | hibit;

        long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
        long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
        long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
        long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
        long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

        long c = d0 >>> 26;
        h0 = d0 & MASK;
        d1 += c;
        c = d1 >>> 26;
        h1 = d1 & MASK;
        d2 += c;
        c = d2 >>> 26;
        h2 = d2 & MASK;
        d3 += c;
        c = d3 >>> 26;
        h3 = d3 & MASK;
        d4 += c;
        c = d4 >>> 26;
        h4 = d4 & MASK;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK;
        h1 += c;
    }

    /** The unsigned little-endian 32-bit word at {@code offset}. */
    private static long word(byte[] bytes, int offset) {
        return ((int) LE_INT.get(bytes, offset)) & 0xffffffffL;
    }
}
