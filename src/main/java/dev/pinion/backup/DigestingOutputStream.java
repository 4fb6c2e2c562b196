package dev.pinion.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through while computing their SHA-1 and counting them, so a backup's checksum and size
 * describe exactly the bytes stored, without reading the archive a second time.
 */
final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha1;
    private long count;

    DigestingOutputStream(OutputStream out) {
        super(out);
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha1.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha1.update(b, off, len);
        count += len;
    }

    /** The result; call once, after the last write. */
    ArchiveResult result() {
        return new ArchiveResult(HexFormat.of().formatHex(sha1.digest()), count);
    }
}
