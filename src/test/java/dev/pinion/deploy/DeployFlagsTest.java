package dev.pinion.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags chosen in deploy/pinion.env (bench/README-perf.md has the figures) are the ones every
 * other way of installing the daemon runs with: the container image and the Ansible role. Only the GC
 * log file (a path on the node) and the class-data archive's directory may differ.
 */
class DeployFlagsTest {
    private static final Pattern ENV_LINE = Pattern.compile("(?m)^(\\w+)=\"?([^\"\\n]*)\"?$");
    private static final Pattern DOCKER_ENV = Pattern.compile("(?m)^ENV (\\w+)=\"?([^\"\\n]*)\"?$");

    private static String value(Pattern pattern, String text, String name) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError(name + " is not set");
    }

    /** The options, without -Xlog and with the archive's directory left out. */
    private static List<String> comparable(String javaOpts) {
        return Arrays.stream(javaOpts.trim().split("\\s+"))
                .filter(option -> !option.startsWith("-Xlog"))
                .map(option -> option.replaceFirst("^-XX:SharedArchiveFile=.*/", "-XX:SharedArchiveFile=<dir>/"))
                .toList();
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    private static JsonNode roleDefaults() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("ansible/roles/pinion/defaults/main.yml").toFile());
    }

    @Test
    void theContainerImageRunsWithTheUnitsFlags() throws IOException {
        String unit = read("deploy/pinion.env");
        String image = read("deploy/Dockerfile");

        assertThat(comparable(value(DOCKER_ENV, image, "JAVA_OPTS")))
                .isEqualTo(comparable(value(ENV_LINE, unit, "JAVA_OPTS")));
        assertThat(value(DOCKER_ENV, image, "MALLOC_ARENA_MAX")).isEqualTo(value(ENV_LINE, unit, "MALLOC_ARENA_MAX"));
    }

    @Test
    void theAnsibleRoleRunsWithTheUnitsFlags() throws IOException {
        String unit = read("deploy/pinion.env");
        JsonNode defaults = roleDefaults();

        String rendered = defaults.path("pinion_java_opts")
                .asText()
                .replace("{{ pinion_home }}", defaults.path("pinion_home").asText());
        assertThat(comparable(rendered)).isEqualTo(comparable(value(ENV_LINE, unit, "JAVA_OPTS")));
        assertThat(defaults.path("pinion_malloc_arena_max").asText())
                .isEqualTo(value(ENV_LINE, unit, "MALLOC_ARENA_MAX"));
        assertThat(read("ansible/roles/pinion/templates/pinion.env.j2"))
                .contains("MALLOC_ARENA_MAX={{ pinion_malloc_arena_max }}");
    }

    @Test
    void theClassDataArchiveIsWrittenWhereTheJarIsInstalled() throws IOException {
        assertThat(comparable(value(ENV_LINE, read("deploy/pinion.env"), "JAVA_OPTS")))
                .contains("-XX:SharedArchiveFile=<dir>/pinion.jsa", "-XX:+AutoCreateSharedArchive");
        assertThat(read("deploy/pinion.service")).contains("-jar /opt/pinion/pinion.jar");
        assertThat(read("deploy/pinion.env")).contains("-XX:SharedArchiveFile=/opt/pinion/pinion.jsa");
        assertThat(roleDefaults().path("pinion_java_opts").asText())
                .contains("-XX:SharedArchiveFile={{ pinion_home }}/pinion.jsa");
        // Without the runtime's base archive the JVM ignores a dynamic one.
        assertThat(read("deploy/jlink-runtime.sh")).contains("--generate-cds-archive");
    }
}
