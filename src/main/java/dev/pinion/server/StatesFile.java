package dev.pinion.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <root_directory>/states.json}: every server's last state, {"uuid": "running", ...}, so a
 * daemon restart knows which servers to bring back (spec server-lifecycle-docker.md §1.8).
 */
public final class StatesFile {
    private static final Logger LOG = LoggerFactory.getLogger(StatesFile.class);

    private final Path file;
    private final ObjectMapper mapper;

    public StatesFile(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    /** The stored states; empty when the file is missing, empty or unreadable (then everything counts as offline). */
    public Map<String, ServerState> read() {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return Map.of();
            }
            Map<String, String> raw =
                    mapper.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() {});
            Map<String, ServerState> states = new LinkedHashMap<>();
            raw.forEach((uuid, state) -> {
                try {
                    states.put(uuid, ServerState.fromWire(state));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: ignoring unknown state '{}' of {}", file, state, uuid);
                }
            });
            return states;
        } catch (IOException e) {
            LOG.error("{} cannot be read, treating every server as offline: {}", file, e.getMessage());
            return Map.of();
        }
    }

    /** Writes all states atomically (temporary file, rename), mode 0644. */
    public synchronized void write(Map<String, ServerState> states) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(
                file.getParent(),
                ".states.json.",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            Map<String, String> raw = new LinkedHashMap<>();
            states.forEach((uuid, state) -> raw.put(uuid, state.wireName()));
            Files.write(temporary, mapper.writeValueAsBytes(raw));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
