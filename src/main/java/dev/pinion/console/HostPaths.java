package dev.pinion.console;

import dev.pinion.config.SystemConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Takes the node's own directories out of error text before it reaches a browser (issue #10 item 10):
 * a failure's message can name host paths (Docker's "mount source ... does not exist", an I/O error on
 * a volume), which say where the node keeps its data. The server's own root reads as
 * {@code /home/container}, as the user knows it; any other node directory as {@code [node path]}.
 */
final class HostPaths {
    private HostPaths() {}

    static String scrub(String message, SystemConfig system, String serverUuid) {
        if (message == null) {
            return null;
        }
        String serverRoot = trim(system.data()) + "/" + serverUuid;
        String scrubbed = message.replace(serverRoot, "/home/container");
        List<String> directories = new ArrayList<>(List.of(
                system.data(),
                system.rootDirectory(),
                system.tmpDirectory(),
                system.backupDirectory(),
                system.archiveDirectory(),
                system.logDirectory()));
        // Longest first, so a directory nested in another is replaced whole.
        directories.sort(Comparator.comparingInt(String::length).reversed());
        for (String directory : directories) {
            String trimmed = trim(directory);
            if (trimmed.length() > 1) {
                scrubbed = scrubbed.replace(trimmed, "[node path]");
            }
        }
        return scrubbed;
    }

    private static String trim(String directory) {
        return directory.endsWith("/") && directory.length() > 1
                ? directory.substring(0, directory.length() - 1)
                : directory;
    }
}
