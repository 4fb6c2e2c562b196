package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.filesystem.FileStat;
import dev.pinion.filesystem.FileType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The {@code ls -l} line of a READDIR entry reads the time from the clock the daemon injects, not the
 * wall clock: within six months a file shows its time of day, older ones their year, as OpenSSH's
 * {@code ls -l} prints them.
 */
class SftpLongNameTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static FileStat file(String name, Instant modified) {
        return new FileStat(name, modified, modified, 0644, 5, FileType.REGULAR, "text/plain");
    }

    @Test
    void aFileChangedWithinSixMonthsShowsItsTimeOfDay() {
        String line = SftpChannel.longName(file("recent.txt", Instant.parse("2026-11-01T08:05:00Z")), NOW);

        assertThat(line).startsWith("-rw-r--r--").endsWith(" Nov 1 08:05 recent.txt");
    }

    @Test
    void aFileChangedMoreThanSixMonthsAgoShowsItsYear() {
        String line = SftpChannel.longName(file("old.txt", Instant.parse("2026-03-01T08:05:00Z")), NOW);

        assertThat(line).endsWith(" Mar 1  2026 old.txt");
    }

    @Test
    void theSameFileReadsAsOldOnceTheInjectedClockHasMovedOn() {
        FileStat stat = file("a.txt", Instant.parse("2026-11-01T08:05:00Z"));

        assertThat(SftpChannel.longName(stat, Instant.parse("2027-06-01T00:00:00Z")))
                .endsWith(" Nov 1  2026 a.txt");
    }
}
