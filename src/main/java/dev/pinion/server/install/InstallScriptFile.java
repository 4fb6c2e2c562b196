package dev.pinion.server.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the egg's script where the installer mounts it (spec server-lifecycle-docker.md §5.3):
 * {@code <tmp_directory>/<uuid>/install.sh}, directory 0700, file 0644, every line ending in a
 * bare {@code \n} (the Panel stores scripts typed in a browser, with CRLF).
 */
final class InstallScriptFile {
    static final String NAME = "install.sh";

    private InstallScriptFile() {}

    static void write(Path directory, String script) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        Path file = directory.resolve(NAME);
        Files.writeString(
                file,
                normalize(script),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
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
