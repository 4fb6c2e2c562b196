package dev.pinion.server.configfiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Maps a path from an egg's {@code configs} (relative to the server root, i.e. /home/container) to a
 * file inside the server's volume; the confined filesystem implements this in production.
 */
public interface ConfigFileLocator {
    /**
     * @param serverPath the path as the egg wrote it ({@code server.properties}, {@code /plugins/x.yml})
     * @return the location inside the volume; it need not exist yet
     * @throws IOException when the path leaves the server root (including through a symlink) or is
     *     otherwise unusable
     */
    Path locate(String serverPath) throws IOException;
}
