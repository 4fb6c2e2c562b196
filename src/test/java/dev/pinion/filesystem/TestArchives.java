package dev.pinion.filesystem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Builds (possibly hostile) archives in memory with commons-compress for the decompress tests. */
final class TestArchives {
    static final Date MTIME = Date.from(ServerFixture.NOW.minusSeconds(86400));

    private TestArchives() {}

    /** Entries in order; a name ending in '/' is a directory. */
    static Map<String, String> entries(String... nameThenContent) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            map.put(nameThenContent[i], nameThenContent[i + 1]);
        }
        return map;
    }

    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static byte[] tar(TarBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(tar);
        }
        return out.toByteArray();
    }

    static byte[] tar(Map<String, String> entries) throws IOException {
        return tar(t -> {
            for (var e : entries.entrySet()) {
                addFile(t, e.getKey(), e.getValue(), 0640);
            }
        });
    }

    static void addFile(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        if (!name.endsWith("/")) {
            entry.setSize(bytes.length);
            entry.setMode(mode);
        }
        entry.setModTime(MTIME);
        tar.putArchiveEntry(entry);
        if (!name.endsWith("/")) {
            tar.write(bytes);
        }
        tar.closeArchiveEntry();
    }

    static void addLink(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    interface Wrapper {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    static byte[] compress(byte[] data, Wrapper wrapper) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream compressed = wrapper.wrap(out)) {
            compressed.write(data);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        return compress(data, GzipCompressorOutputStream::new);
    }

    static byte[] bzip2(byte[] data) throws IOException {
        return compress(data, BZip2CompressorOutputStream::new);
    }

    static byte[] xz(byte[] data) throws IOException {
        return compress(data, XZCompressorOutputStream::new);
    }

    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (var e : entries.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                entry.setTime(MTIME.getTime());
                if (!e.getKey().endsWith("/")) {
                    entry.setUnixMode(0100750);
                }
                zip.putArchiveEntry(entry);
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static void sevenZ(Path file, Map<String, String> entries) throws IOException {
        try (SevenZOutputFile out = new SevenZOutputFile(file.toFile())) {
            for (var e : entries.entrySet()) {
                SevenZArchiveEntry entry = new SevenZArchiveEntry();
                entry.setName(
                        e.getKey().endsWith("/")
                                ? e.getKey().substring(0, e.getKey().length() - 1)
                                : e.getKey());
                entry.setDirectory(e.getKey().endsWith("/"));
                entry.setLastModifiedDate(MTIME);
                out.putArchiveEntry(entry);
                if (!e.getKey().endsWith("/")) {
                    out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                out.closeArchiveEntry();
            }
        }
    }
}
