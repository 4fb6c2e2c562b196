package dev.pinion.filesystem;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The formats decompress understands, identified by content (magic bytes, then a tar header check on
 * the decompressed stream), never by name — spec files-backups-transfers.md §2.3 "Recommended".
 */
enum ArchiveFormat {
    ZIP(null),
    SEVEN_Z(null),
    TAR(null),
    TAR_GZIP(Compression.GZIP),
    TAR_BZIP2(Compression.BZIP2),
    TAR_XZ(Compression.XZ),
    /** A single compressed file with no archive inside (spec §2.4). */
    GZIP(Compression.GZIP),
    BZIP2(Compression.BZIP2),
    XZ(Compression.XZ);

    /** The compression layer around a tar or a single file. */
    enum Compression {
        GZIP(List.of(".gz", ".gzip")),
        BZIP2(List.of(".bz2", ".bzip2")),
        XZ(List.of(".xz"));

        private final List<String> suffixes;

        Compression(List<String> suffixes) {
            this.suffixes = suffixes;
        }

        InputStream open(InputStream raw) throws IOException {
            return switch (this) {
                case GZIP -> new GzipCompressorInputStream(raw, true);
                case BZIP2 -> new BZip2CompressorInputStream(raw, true);
                case XZ -> new XZCompressorInputStream(raw, true, ArchiveLimits.DECODER_MEMORY_KIB);
            };
        }

        /** The output name of a single decompressed file: the suffix removed, else ".out" appended. */
        String outputName(String archiveName) {
            String lower = archiveName.toLowerCase(Locale.ROOT);
            for (String suffix : suffixes) {
                if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                    return archiveName.substring(0, archiveName.length() - suffix.length());
                }
            }
            return archiveName + ".out";
        }
    }

    private final Compression compression;

    ArchiveFormat(Compression compression) {
        this.compression = compression;
    }

    Compression compression() {
        return compression;
    }

    boolean isTar() {
        return this == TAR || this == TAR_GZIP || this == TAR_BZIP2 || this == TAR_XZ;
    }

    boolean isSingleFile() {
        return this == GZIP || this == BZIP2 || this == XZ;
    }

    /** Identifies the format from a fresh stream over the whole file; {@link ErrorKind#UNKNOWN_FORMAT} otherwise. */
    static ArchiveFormat detect(InputStream file, String path) throws IOException {
        BufferedInputStream in = new BufferedInputStream(file, 8192);
        byte[] head = peek(in, 512);
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) {
            return ZIP;
        }
        if (startsWith(head, 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C)) {
            return SEVEN_Z;
        }
        Compression compression = null;
        if (startsWith(head, 0x1F, 0x8B)) {
            compression = Compression.GZIP;
        } else if (startsWith(head, 'B', 'Z', 'h')) {
            compression = Compression.BZIP2;
        } else if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            compression = Compression.XZ;
        }
        if (compression == null) {
            if (isTarHeader(head)) {
                return TAR;
            }
            throw new FilesystemException(ErrorKind.UNKNOWN_FORMAT, path, "unknown archive format");
        }
        byte[] inner;
        try (InputStream decompressed = compression.open(in)) {
            inner = decompressed.readNBytes(512);
        } catch (IOException corrupt) {
            ArchiveLimits.rethrowMemoryLimit(corrupt, path);
            throw new FilesystemException(ErrorKind.UNKNOWN_FORMAT, path, "unreadable compressed data", corrupt);
        }
        boolean tar = isTarHeader(inner);
        return switch (compression) {
            case GZIP -> tar ? TAR_GZIP : GZIP;
            case BZIP2 -> tar ? TAR_BZIP2 : BZIP2;
            case XZ -> tar ? TAR_XZ : XZ;
        };
    }

    private static boolean isTarHeader(byte[] head) {
        if (head.length < 512) {
            return false;
        }
        return TarArchiveInputStream.matches(head, head.length) || TarUtils.verifyCheckSum(head);
    }

    private static byte[] peek(BufferedInputStream in, int length) throws IOException {
        in.mark(length);
        byte[] head = in.readNBytes(length);
        in.reset();
        return head;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != (prefix[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
