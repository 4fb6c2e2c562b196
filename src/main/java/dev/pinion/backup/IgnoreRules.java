package dev.pinion.backup;

import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ReadableFile;
import dev.pinion.filesystem.ServerFilesystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which files a backup leaves out (spec §5.1): the Panel's {@code ignore} text when it is not empty,
 * otherwise the server's own {@code .pteroignore} from the root — a regular file, never through a
 * symlink, at most 32 KiB, else no rules — matched with Wings' gitignore translation ({@link Denylist}),
 * per file, against the root-relative path.
 */
final class IgnoreRules {
    static final String FILE = ".pteroignore";
    static final long MAX_FILE_BYTES = 32 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IgnoreRules.class);

    private IgnoreRules() {}

    static Denylist forBackup(ServerFilesystem fs, String panelIgnore) {
        if (panelIgnore != null && !panelIgnore.isEmpty()) {
            return Denylist.compile(panelIgnore);
        }
        return Denylist.compile(readIgnoreFile(fs));
    }

    private static String readIgnoreFile(ServerFilesystem fs) {
        ReadableFile file;
        try {
            // open() refuses symlinks and special files before any blocking open.
            file = fs.open(FILE);
        } catch (FilesystemException e) {
            return "";
        }
        try (file;
                InputStream in = file.stream(0, MAX_FILE_BYTES)) {
            if (file.size() > MAX_FILE_BYTES) {
                LOG.warn("{} is larger than {} bytes; backing up without ignore rules", FILE, MAX_FILE_BYTES);
                return "";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("could not read {}: {}; backing up without ignore rules", FILE, e.getMessage());
            return "";
        }
    }
}
