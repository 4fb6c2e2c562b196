package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Content-Disposition quoting as Go's strconv.Quote (files-backups-transfers.md §4.4). */
class GoQuotedFilenameTest {
    @Test
    void quotesBackslashesAndControlCharactersAsGoDoes() {
        assertThat(GoQuotedFilename.quote("a\"b\\c\r\n\t\u0007\u0001\u007f.txt"))
                .isEqualTo("a\\\"b\\\\c\\r\\n\\t\\a\\x01\\x7f.txt");
    }

    @Test
    void nonPrintableUnicodeIsEscapedAndPrintableKeptRaw() {
        assertThat(GoQuotedFilename.quote("caf\u00e9\u00a0\u200b")).isEqualTo("caf\u00e9\\u00a0\\u200b");
    }

    @Test
    void aNonAsciiNameGoesOutAsUtf8BytesWithAFilenameStarParameter() {
        String header = GoQuotedFilename.attachment("\u00e9.txt");
        String decoded = new String(header.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("attachment; filename=\"\u00e9.txt\"; filename*=UTF-8''%C3%A9.txt");
    }
}
