package dev.pinion.transfer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A transfer body built the way stock Go Wings builds it (spec files-backups-transfers.md §2.1, §6.2,
 * §6.5): Go archive/tar headers (USTAR, PAX for long or non-ASCII names, regular files only, no
 * directory entries), gzip as pgzip writes it (1 MiB blocks each ending in a sync flush, then an
 * empty final block and the trailer), wrapped in Go's multipart.Writer framing with a 60-hex
 * boundary: {@code archive} then {@code checksum}.
 */
final class GoWingsStream {
    private final ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    GoWingsStream() {
        tar = new TarArchiveOutputStream(tarBytes, 512);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    GoWingsStream file(String name, byte[] content, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        entry.setMode(0100000 | mode);
        entry.setModTime(new Date(1_700_000_000_000L));
        return add(entry, content);
    }

    GoWingsStream symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    GoWingsStream fifo(String name) {
        return add(new TarArchiveEntry(name, TarArchiveEntry.LF_FIFO, true), new byte[0]);
    }

    private GoWingsStream add(TarArchiveEntry entry, byte[] content) {
        try {
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The gzip(tar) as pgzip writes it. */
    byte[] archive() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pgzip(tarBytes.toByteArray());
    }

    /**
     * Writes to {@code out} a gzip(tar) that never ends, until the thread is interrupted or a write
     * fails: one entry {@code name} declared 1 TiB long, its zero bytes sync-flushed 1 KiB at a time
     * every 20 ms. A receiver can only stop it by giving up (a cancel); it never sees invalid data.
     */
    static void endless(OutputStream out, String name) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out, 8192, true);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, 512);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(1L << 40);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.flush();
        byte[] zeros = new byte[1024];
        try {
            while (!Thread.currentThread().isInterrupted()) {
                tar.write(zeros);
                tar.flush();
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] pgzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        Deflater deflater = new Deflater(1, true);
        byte[] buffer = new byte[64 * 1024];
        int block = 1024 * 1024;
        for (int offset = 0; offset < data.length; offset += block) {
            deflater.setInput(data, offset, Math.min(block, data.length - offset));
            int n;
            while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buffer, 0, n);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, data.length);
        return out.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String boundary() {
        byte[] random = new byte[30];
        new Random().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Go's multipart.Writer framing of the given parts, in order; each part is {name, filename-or-null, bytes}. */
    static byte[] multipart(String boundary, Object[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (Object[] part : parts) {
            String head = (first ? "" : "\r\n") + "--" + boundary + "\r\n";
            if (part[1] != null) {
                head += "Content-Disposition: form-data; name=\"" + part[0] + "\"; filename=\"" + part[1] + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n";
            } else {
                head += "Content-Disposition: form-data; name=\"" + part[0] + "\"\r\n\r\n";
            }
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes((byte[]) part[2]);
            first = false;
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static Object[] archivePart(byte[] archive) {
        return new Object[] {"archive", "archive.tar.gz", archive};
    }

    static Object[] checksumPart(String hex) {
        return new Object[] {"checksum", null, hex.getBytes(StandardCharsets.US_ASCII)};
    }

    /** The body as a network hands it over: reads of irregular small sizes. */
    static InputStream irregular(byte[] body, long seed) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.max(1, Math.min(len, 1 + random.nextInt(9000))));
            }
        };
    }
}
