package dev.pinion.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Removes whole directory trees the daemon itself owns: a deleted server's root, an installer's
 * scratch directory. (Paths inside a server go through ServerFilesystem instead.)
 */
public final class DirectoryTrees {
    private DirectoryTrees() {}

    /** Deletes {@code root} and everything under it, deepest first; a missing root is nothing to do. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            // walk does not follow links, so a link's target is never touched.
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
