package dev.pinion.filesystem;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * Picks the name of a copy exactly as Wings does (spec files-backups-transfers.md §1.7 copy):
 * {@code stem copy.ext}, then {@code stem copy 1.ext} ... {@code stem copy 50.ext}, then
 * {@code stemcopy.<RFC 3339 time>.ext}; {@code .tar} stays with the extension and a dotfile has an
 * empty stem ({@code .bashrc} → {@code " copy.bashrc"}).
 */
final class CopyNamer {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private final Clock clock;

    CopyNamer(Clock clock) {
        this.clock = clock;
    }

    /** The first free name for a copy of {@code base}; {@code exists} is an lstat in the same directory. */
    String name(String base, Predicate<String> exists) {
        int dot = base.lastIndexOf('.');
        String extension = dot < 0 ? "" : base.substring(dot);
        String stem = base.substring(0, base.length() - extension.length());
        if (stem.endsWith(".tar")) {
            extension = ".tar" + extension;
            stem = stem.substring(0, stem.length() - 4);
        }
        for (int i = 0; i <= 50; i++) {
            String candidate = stem + (i == 0 ? " copy" : " copy " + i) + extension;
            if (!exists.test(candidate)) {
                return candidate;
            }
        }
        String time = clock.instant()
                .truncatedTo(ChronoUnit.SECONDS)
                .atZone(clock.getZone())
                .format(RFC3339);
        return stem + "copy." + time + extension;
    }
}
