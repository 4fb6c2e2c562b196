package dev.pinion.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** This build's runtime class path, to run the daemon as shipped in a JVM of its own. */
public final class DaemonClassPath {
    private DaemonClassPath() {}

    /**
     * The test JVM's class path without the test classes (they carry a test logging configuration) and
     * surefire; surefire may hand the class path over in a manifest-only jar, which is unpacked.
     */
    public static List<Path> entries() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (path.toString().endsWith(".jar")
                    && path.getFileName().toString().startsWith("surefirebooter")) {
                try (var jar = new JarFile(path.toFile())) {
                    for (String url : jar.getManifest()
                            .getMainAttributes()
                            .getValue(Attributes.Name.CLASS_PATH)
                            .split(" ")) {
                        entries.add(Path.of(URI.create(url)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read surefire's class path jar " + path, e);
                }
            } else {
                entries.add(path);
            }
        }
        entries.removeIf(path ->
                path.toString().contains("test-classes") || path.toString().contains("surefire"));
        return entries;
    }
}
