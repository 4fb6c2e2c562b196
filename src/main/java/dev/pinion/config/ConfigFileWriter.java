package dev.pinion.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the node configuration back to config.yml atomically (temporary file in the same
 * directory, fsync, rename), with mode 0600 as Wings does. Keys Pinion does not model — the
 * Dropwizard sections, keys from newer Panels — are kept as they were in the file.
 */
public final class ConfigFileWriter {
    private final ObjectMapper yaml;

    public ConfigFileWriter() {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        this.yaml = new ObjectMapper(factory);
    }

    public void write(Path file, NodeConfig config) throws IOException {
        ObjectNode document = readExisting(file);
        yaml.<ObjectNode>valueToTree(config).properties().forEach(e -> document.set(e.getKey(), e.getValue()));

        Path temporary = Files.createTempFile(
                file.toAbsolutePath().getParent(),
                ".config.yml.",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                yaml.writeValue(new NonClosingStream(out), document);
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private ObjectNode readExisting(Path file) throws IOException {
        if (!Files.exists(file)) {
            return yaml.createObjectNode();
        }
        JsonNode existing = yaml.readTree(file.toFile());
        return existing instanceof ObjectNode object ? object : yaml.createObjectNode();
    }

    /** Lets Jackson finish writing without closing the channel before it is forced to disk. */
    private static final class NonClosingStream extends FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
