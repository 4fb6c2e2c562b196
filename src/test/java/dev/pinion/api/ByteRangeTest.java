package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Range parsing for signed downloads (seed 004; files-backups-transfers.md §4.5). */
class ByteRangeTest {
    @Test
    void noHeaderIsTheWholeFile() {
        ByteRange range = ByteRange.parse(null, 100);
        assertThat(range.kind()).isEqualTo(ByteRange.Kind.WHOLE);
        assertThat(range.length()).isEqualTo(100);
    }

    @Test
    void aClosedRangeIsClampedToTheEnd() {
        ByteRange range = ByteRange.parse("bytes=90-200", 100);
        assertThat(range.kind()).isEqualTo(ByteRange.Kind.PARTIAL);
        assertThat(range.contentRange()).isEqualTo("bytes 90-99/100");
        assertThat(range.length()).isEqualTo(10);
    }

    @Test
    void aSuffixLongerThanTheFileIsTheWholeFileAsPartial() {
        ByteRange range = ByteRange.parse("bytes=-500", 100);
        assertThat(range.contentRange()).isEqualTo("bytes 0-99/100");
    }

    @Test
    void aZeroSuffixAndAStartAtTheEndAreUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=-0", 100).kind()).isEqualTo(ByteRange.Kind.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=100-", 100).contentRange()).isEqualTo("bytes */100");
    }

    @Test
    void hugeNumbersDoNotOverflow() {
        ByteRange range = ByteRange.parse("bytes=0-99999999999999999999999", 100);
        assertThat(range.contentRange()).isEqualTo("bytes 0-99/100");
    }

    @Test
    void malformedSyntaxIsIgnored() {
        for (String header :
                new String[] {"bytes=", "bytes=-", "bytes=x-1", "bytes=1-x", "bytes 0-1", "bytes=+1-2", "bytes=0-1,2-3"
                }) {
            assertThat(ByteRange.parse(header, 100).kind()).as(header).isEqualTo(ByteRange.Kind.WHOLE);
        }
    }
}
