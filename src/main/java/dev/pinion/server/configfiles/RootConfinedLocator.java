package dev.pinion.server.configfiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A {@link ConfigFileLocator} over a plain root directory: a lexical check that the path stays under
 * the root, then a walk that refuses any existing symbolic link on the way (never followed), so a
 * link planted in the volume cannot redirect a write outside it (CVE-2023-25152, CVE-2024-27102).
 */
public final class RootConfinedLocator implements ConfigFileLocator {
    private final Path root;

    public RootConfinedLocator(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Path locate(String serverPath) throws IOException {
        if (serverPath.indexOf('\0') >= 0) {
            throw new AccessDeniedException(serverPath, null, "the path contains a NUL byte");
        }
        String relative = serverPath.replaceFirst("^/+", "");
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root)) {
            throw new AccessDeniedException(serverPath, null, "the path is outside the server's root");
        }
        if (target.equals(root)) {
            throw new AccessDeniedException(serverPath, null, "the path names the server's root directory, not a file");
        }
        Path current = root;
        for (Path part : root.relativize(target)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new AccessDeniedException(serverPath, null, "the path goes through a symbolic link");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
        }
        return target;
    }
}
