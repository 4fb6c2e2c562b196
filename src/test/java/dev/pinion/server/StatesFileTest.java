package dev.pinion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** states.json as Wings writes and reads it. Spec: server-lifecycle-docker.md §1.8. */
class StatesFileTest {
    @Test
    void writesWingsShapeAtomicallyAndReadsItBack() throws Exception {
        Path file = Files.createTempDirectory("states").resolve("states.json");
        StatesFile states = new StatesFile(file, new ObjectMapper());
        Map<String, ServerState> written = new LinkedHashMap<>();
        written.put("a", ServerState.RUNNING);
        written.put("b", ServerState.OFFLINE);

        states.write(written);

        assertThat(Files.readString(file)).isEqualTo("{\"a\":\"running\",\"b\":\"offline\"}");
        assertThat(states.read()).isEqualTo(written);
        assertThat(Files.getPosixFilePermissions(file).toString())
                .contains("OWNER_READ")
                .contains("OTHERS_READ")
                .doesNotContain("WRITE, OTHERS");
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings).containsExactly(file);
        }
    }

    @Test
    void missingEmptyOrBrokenFileMeansEverythingOffline() throws Exception {
        Path dir = Files.createTempDirectory("states");
        assertThat(new StatesFile(dir.resolve("missing.json"), new ObjectMapper()).read())
                .isEmpty();
        Files.writeString(dir.resolve("empty.json"), "");
        assertThat(new StatesFile(dir.resolve("empty.json"), new ObjectMapper()).read())
                .isEmpty();
        Files.writeString(dir.resolve("broken.json"), "{\"a\": ");
        assertThat(new StatesFile(dir.resolve("broken.json"), new ObjectMapper()).read())
                .isEmpty();
    }

    @Test
    void unknownStateValuesAreSkipped() throws Exception {
        Path file = Files.createTempFile("states", ".json");
        Files.writeString(file, "{\"a\":\"running\",\"b\":\"exploded\"}");
        assertThat(new StatesFile(file, new ObjectMapper()).read())
                .containsExactly(Map.entry("a", ServerState.RUNNING));
    }
}
