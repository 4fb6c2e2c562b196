package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MIME strings the Panel's UI keys on (spec files-backups-transfers.md §1.6). */
class MimeSnifferTest {
    private final MimeSniffer sniffer = new MimeSniffer();

    private String detect(byte[] bytes) {
        return sniffer.detect(bytes, bytes.length);
    }

    private String detect(String text) {
        return detect(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "motd=Hello world|text/plain; charset=utf-8",
                "{\"key\": [1, 2]}|application/json",
                "<?xml version=\"1.0\"?><config/>|text/xml; charset=utf-8",
                "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>|image/svg+xml",
                "<!DOCTYPE html><html></html>|text/html; charset=utf-8",
                "<?php echo 1;|text/x-php",
                "#!/usr/bin/env python3\\nprint(1)|text/x-python",
                "héllo wörld|text/plain; charset=utf-8",
            })
    void textFormats(String content, String expected) {
        assertThat(detect(content.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @Test
    void emptyFileIsPlainText() {
        assertThat(detect(new byte[0])).isEqualTo("text/plain");
    }

    @Test
    void archivesAndImagesByMagic() {
        assertThat(detect(new byte[] {0x1F, (byte) 0x8B, 8, 0})).isEqualTo("application/gzip");
        assertThat(detect(new byte[] {'P', 'K', 3, 4, 0, 0})).isEqualTo("application/zip");
        assertThat(detect("PK\u0003\u0004....META-INF/MANIFEST.MF")).isEqualTo("application/jar");
        assertThat(detect(new byte[] {0x37, 0x7A, (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C}))
                .isEqualTo("application/x-7z-compressed");
        assertThat(detect(new byte[] {'B', 'Z', 'h', '9'})).isEqualTo("application/x-bzip2");
        assertThat(detect(new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0})).isEqualTo("application/x-xz");
        assertThat(detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}))
                .isEqualTo("image/png");
        byte[] tar = new byte[512];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertThat(detect(tar)).isEqualTo("application/x-tar");
    }

    @Test
    void unknownBinaryIsNeverText() {
        assertThat(detect(new byte[] {0, 1, 2, 3, (byte) 0xFF, (byte) 0xFE})).isEqualTo("application/octet-stream");
        assertThat(detect(new byte[] {'a', 'b', (byte) 0xC3})).isEqualTo("application/octet-stream");
    }

    @Test
    void utf8SequenceCutByTheReadLimitStillCountsAsText() {
        byte[] bytes = new byte[MimeSniffer.LIMIT];
        Arrays.fill(bytes, (byte) 'a');
        bytes[MimeSniffer.LIMIT - 1] = (byte) 0xC3;
        assertThat(detect(bytes)).isEqualTo("text/plain; charset=utf-8");
    }
}
