package dev.pinion.sftp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Poly1305 (RFC 8439 §2.5) for {@link JdkChaCha20Poly1305} where the JDK's is not open to Pinion
 * ({@link OneTimeMac#create}): the accumulator in base 2^64 (two 64-bit limbs
 * and a few top bits, as OpenSSL's scalar code keeps it), so a 16-byte block costs four 64×64→128-bit
 * products ({@link Math#unsignedMultiplyHigh}) instead of the 25 of the 26-bit-limb layout, read straight
 * from the caller's array. MINA's Poly1305Mac copies every block and unpacks it byte by byte; the JDK's
 * own Poly1305 is not exported. After the ChaCha20 keystream moved to the JDK, Poly1305 was the largest
 * CPU cost of an SFTP download (bench/sftp-vs-openssh.sh profile). Carries are computed without branches.
 * Poly1305Test checks it against RFC 8439's vector and MINA's implementation. Not thread-safe.
 */
final class Poly1305 implements OneTimeMac {
    static final int KEY_BYTES = 32;
    static final int TAG_BYTES = 16;
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long r0, r1, s1;
    private long h0, h1, h2;
    private long pad0, pad1;
    private final byte[] partial = new byte[16];
    private int partialLength;

    /** Starts a new tag with this one-time key (r clamped as the RFC says, s the last 16 bytes). */
    @Override
    public void init(byte[] key) {
        r0 = (long) LE_LONG.get(key, 0) & 0x0ffffffc0fffffffL;
        r1 = (long) LE_LONG.get(key, 8) & 0x0ffffffc0ffffffcL;
        // r1 is a multiple of 4, so 2^130 ≡ 5 folds the top product into s1 = 5 * r1 / 4 exactly
        s1 = r1 + (r1 >>> 2);
        pad0 = (long) LE_LONG.get(key, 16);
        pad1 = (long) LE_LONG.get(key, 24);
        h0 = h1 = h2 = 0;
        partialLength = 0;
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        if (partialLength > 0) {
            int take = Math.min(16 - partialLength, length);
            System.arraycopy(data, offset, partial, partialLength, take);
            partialLength += take;
            offset += take;
            length -= take;
            if (partialLength < 16) {
                return;
            }
            block(partial, 0, 1);
            partialLength = 0;
        }
        while (length >= 16) {
            block(data, offset, 1);
            offset += 16;
            length -= 16;
        }
        if (length > 0) {
            System.arraycopy(data, offset, partial, 0, length);
            partialLength = length;
        }
    }

    /** Writes the 16-byte tag at {@code offset}; call {@link #init} before the next one. */
    @Override
    public void doFinal(byte[] out, int offset) {
        if (partialLength > 0) {
            partial[partialLength] = 1;
            for (int i = partialLength + 1; i < 16; i++) {
                partial[i] = 0;
            }
            block(partial, 0, 0);
            partialLength = 0;
        }
        // h < 2p here: h - p = h + 5 - 2^130, kept when it does not go negative (constant time)
        long g0 = h0 + 5;
        long c = carry(h0, 5, g0);
        long g1 = h1 + c;
        c = carry(h1, c, g1);
        long g2 = h2 + c;
        long useG = -(g2 >>> 2);
        long t0 = (h0 & ~useG) | (g0 & useG);
        long t1 = (h1 & ~useG) | (g1 & useG);
        // tag = (h + s) mod 2^128
        long f0 = t0 + pad0;
        long f1 = t1 + pad1 + carry(t0, pad0, f0);
        LE_LONG.set(out, offset, f0);
        LE_LONG.set(out, offset + 8, f1);
    }

    /** h = (h + block + padBit·2^128) · r, partly reduced mod 2^130 - 5. */
    private void block(byte[] m, int offset, long padBit) {
        long m0 = (long) LE_LONG.get(m, offset);
        long m1 = (long) LE_LONG.get(m, offset + 8);
        long a0 = h0 + m0;
        long c = carry(h0, m0, a0);
        long b1 = h1 + m1;
        long c1 = carry(h1, m1, b1);
        long a1 = b1 + c;
        c1 += carry(b1, c, a1);
        long a2 = h2 + c1 + padBit;

        // d0 = a0·r0 + a1·s1, d1 = a0·r1 + a1·r0 + a2·s1 (128-bit); a2·r0 stays below 2^64
        long p0 = a0 * r0;
        long q0 = a1 * s1;
        long d0 = p0 + q0;
        long d0hi = Math.unsignedMultiplyHigh(a0, r0) + Math.unsignedMultiplyHigh(a1, s1) + carry(p0, q0, d0);

        long p1 = a0 * r1;
        long q1 = a1 * r0;
        long e1 = p1 + q1;
        long d1hi = Math.unsignedMultiplyHigh(a0, r1) + Math.unsignedMultiplyHigh(a1, r0) + carry(p1, q1, e1);
        long t1 = a2 * s1;
        long d1 = e1 + t1;
        d1hi += carry(e1, t1, d1);
        long d2 = a2 * r0;

        // h2:h1:h0 = d2·2^128 + d1·2^64 + d0
        long n1 = d1 + d0hi;
        d1hi += carry(d1, d0hi, n1);
        long n2 = d2 + d1hi;
        // fold what is above 2^130 back in times 5
        long fold = (n2 >>> 2) + (n2 & ~3L);
        n2 &= 3;
        long n0 = d0 + fold;
        c = carry(d0, fold, n0);
        long m1b = n1 + c;
        c = carry(n1, c, m1b);
        h0 = n0;
        h1 = m1b;
        h2 = n2 + c;
    }

    /** The carry out of {@code sum = a + b} (unsigned), 0 or 1, without a branch. */
    private static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }
}
