package dev.pinion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of DESIGN.md and the README's architecture section, read from the sources so it
 * stays true without anyone remembering: every package says what it may use, the core imports no
 * HTTP framework, and the leaf packages import no other Pinion package.
 */
class PackageMapTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** The core of DESIGN.md: everything behind the HTTP, WebSocket and SFTP edges. */
    private static final Set<String> CORE = Set.of(
            "dev.pinion.server",
            "dev.pinion.filesystem",
            "dev.pinion.backup",
            "dev.pinion.transfer",
            "dev.pinion.pull",
            "dev.pinion.environment",
            "dev.pinion.panel",
            "dev.pinion.activity",
            "dev.pinion.tokens",
            "dev.pinion.concurrent",
            "dev.pinion.gocompat");

    private static final List<String> HTTP_FRAMEWORKS =
            List.of("jakarta.ws.rs.", "jakarta.servlet.", "org.glassfish.jersey.", "org.eclipse.jetty.");
    /** The edges and the operator packages: the core is called by them, never the reverse. */
    private static final List<String> EDGES = List.of(
            "dev.pinion.api",
            "dev.pinion.console",
            "dev.pinion.sftp",
            "dev.pinion.admin",
            "dev.pinion.cli",
            "dev.pinion.health",
            "dev.pinion.metrics");
    /** Packages whose package-info says they use no other Pinion package. */
    private static final Set<String> LEAVES = Set.of(
            "dev.pinion.config",
            "dev.pinion.tokens",
            "dev.pinion.panel",
            "dev.pinion.filesystem",
            "dev.pinion.gocompat",
            "dev.pinion.concurrent");

    private record Source(String packageName, Path file, List<String> imports) {}

    private static List<Source> sources() throws IOException {
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                List<String> imports = new ArrayList<>();
                Matcher matcher = IMPORT.matcher(text);
                while (matcher.find()) {
                    imports.add(matcher.group(1));
                }
                String packageName =
                        SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                sources.add(new Source(packageName, file, imports));
            }
        }
        return sources;
    }

    private static boolean inCore(String packageName) {
        return CORE.stream().anyMatch(core -> packageName.equals(core) || packageName.startsWith(core + "."));
    }

    private static boolean within(String name, String packageName) {
        return name.equals(packageName) || name.startsWith(packageName + ".");
    }

    @Test
    void everyPackageSaysWhatItMayUse() throws IOException {
        List<String> silent = new ArrayList<>();
        try (Stream<Path> directories = Files.walk(SOURCES)) {
            for (Path directory : directories.filter(Files::isDirectory).toList()) {
                boolean hasClasses;
                try (Stream<Path> files = Files.list(directory)) {
                    hasClasses = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (!hasClasses) {
                    continue;
                }
                Path info = directory.resolve("package-info.java");
                if (!Files.exists(info) || !Files.readString(info).contains("May use:")) {
                    silent.add(SOURCES.relativize(directory).toString());
                }
            }
        }
        assertThat(silent)
                .as("packages whose package-info has no 'May use:' line")
                .isEmpty();
    }

    @Test
    void theCoreImportsNoHttpFrameworkAndNoEdge() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Source source : sources()) {
            if (!inCore(source.packageName())) {
                continue;
            }
            for (String imported : source.imports()) {
                boolean framework = HTTP_FRAMEWORKS.stream().anyMatch(imported::startsWith);
                boolean edge = EDGES.stream().anyMatch(e -> within(imported, e));
                if (framework || edge) {
                    offending.add(source.file() + " imports " + imported);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void leafPackagesImportNoOtherPinionPackage() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Source source : sources()) {
            if (!LEAVES.contains(source.packageName())) {
                continue;
            }
            for (String imported : source.imports()) {
                if (imported.startsWith("dev.pinion.") && !within(imported, source.packageName())) {
                    offending.add(source.file() + " imports " + imported);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void theScanSeesTheWholeTree() throws IOException {
        // Guards the three tests above against passing on an empty or misplaced source tree.
        List<Source> sources = sources();
        assertThat(sources).hasSizeGreaterThan(300);
        assertThat(sources)
                .extracting(Source::packageName)
                .contains("dev.pinion.server", "dev.pinion.api", "dev.pinion.filesystem");
    }
}
