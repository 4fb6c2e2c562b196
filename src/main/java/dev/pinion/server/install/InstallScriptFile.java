package dev.pinion.server.install;

import dev.pinion.filesystem.OwnedDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes the egg's script where the installer mounts it (spec server-lifecycle-docker.md §5.3):
 * {@code <tmp_directory>/<uuid>/install.sh}, directory 0700, file 0644, every line ending in a
 * bare {@code \n} (the Panel stores scripts typed in a browser, with CRLF).
 */
final class InstallScriptFile {
    static final String NAME = "install.sh";

    private InstallScriptFile() {}

    /**
     * A fresh directory every time, then a new file in it, both by descriptor: the directory is the
     * installer's {@code /mnt/install}, so an earlier run's script could have left a symlink named
     * {@code install.sh} pointing at a host file, which a path write as root would follow.
     */
    static void write(Path directory, String script) throws IOException {
        OwnedDirectories.recreate(directory, 0700);
        OwnedDirectories.writeNewFile(directory, NAME, normalize(script).getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** As Wings' line scanner rewrites it: each line (CRLF or LF) ends in LF, a final line gains one. */
    static String normalize(String script) {
        if (script.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(script.length() + 1);
        for (String line : script.split("\n", -1)) {
            out.append(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line)
                    .append('\n');
        }
        // split keeps an empty last piece after a trailing newline; it is not a line of its own.
        if (script.endsWith("\n")) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
