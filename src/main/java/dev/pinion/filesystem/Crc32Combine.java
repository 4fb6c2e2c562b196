package dev.pinion.filesystem;

/**
 * zlib's {@code crc32_combine}: the CRC-32 of A followed by B from crc(A), crc(B) and len(B), so blocks
 * compressed in parallel can each checksum their own bytes. Polynomial arithmetic modulo the reflected
 * CRC-32 polynomial (the method of zlib 1.2.12, {@code multmodp}/{@code x2nmodp}).
 */
final class Crc32Combine {
    private static final int POLY = 0xedb88320;
    /** X2N[k] = x^(2^k) modulo the polynomial. */
    private static final int[] X2N = new int[32];

    static {
        int p = 1 << 30; // x^1
        X2N[0] = p;
        for (int n = 1; n < 32; n++) {
            p = multiply(p, p);
            X2N[n] = p;
        }
    }

    private Crc32Combine() {}

    /** The CRC-32 of the concatenation A‖B. */
    static int combine(int crcA, int crcB, long lengthB) {
        return multiply(xPower8n(lengthB), crcA) ^ crcB;
    }

    /** x^(8·n) modulo the polynomial: shifting a CRC over n zero bytes. */
    private static int xPower8n(long n) {
        int p = 1 << 31; // x^0
        int k = 3;
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiply(X2N[k & 31], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }

    /** a·b modulo the polynomial, both reflected. */
    private static int multiply(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        while (true) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    return p;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
    }
}
