package dev.pinion.api;

import dev.pinion.filesystem.OwnedDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Panel UI's uploads are spooled while they arrive: {@code <system.tmp_directory>/uploads},
 * owned by the daemon (0700), emptied of a crashed run's leftovers at boot, one directory per upload
 * inside ({@link UploadForm}) — never the JVM's own temp directory, never memory beyond a small buffer. {@link #allowance} is how much one
 * upload may spool before the spool's filesystem would drop under {@code pinion.min_free_disk_percent}.
 */
public final class UploadSpool {
    private final Path directory;
    private final int minFreePercent;

    private UploadSpool(Path directory, int minFreePercent) {
        this.directory = directory;
        this.minFreePercent = minFreePercent;
    }

    /** A fresh, empty spool under {@code tmpDirectory}. */
    public static UploadSpool create(Path tmpDirectory, int minFreePercent) throws IOException {
        Path directory = tmpDirectory.resolve("uploads");
        OwnedDirectories.recreate(directory, 0700);
        return new UploadSpool(directory, minFreePercent);
    }

    public Path directory() {
        return directory;
    }

    /** Bytes one upload may spool now: the free space above the node's reserve (0 when there is none). */
    long allowance() {
        try {
            var store = Files.getFileStore(directory);
            long reserve = (long) (store.getTotalSpace() * (minFreePercent / 100.0));
            return Math.max(0, store.getUsableSpace() - reserve);
        } catch (IOException e) {
            return 0;
        }
    }
}
