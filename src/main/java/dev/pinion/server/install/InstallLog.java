package dev.pinion.server.install;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <log_directory>/install/<uuid>.log} (spec server-lifecycle-docker.md §5.5): truncated
 * each run, mode 0600, Wings' header then the installer's raw output as it arrives — written while
 * the script runs, so an install cut short by a daemon restart still leaves what it printed. A
 * failure to write is a warning only, never a failed install.
 */
final class InstallLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstallLog.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private OutputStream out;

    private InstallLog(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    static Path path(String logDirectory, String uuid) {
        return Path.of(logDirectory, "install", uuid + ".log");
    }

    /** Opens the log and writes the header; on failure the log is a no-op. */
    static InstallLog open(Path path, String header) {
        OutputStream out = null;
        try {
            Files.createDirectories(path.getParent());
            out = Channels.newOutputStream(Files.newByteChannel(
                    path,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY)));
            // An older file keeps its mode through the truncation.
            Files.setPosixFilePermissions(path, OWNER_ONLY);
            out.write(header.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the install log {}: {}", path, e.getMessage());
            closeQuietly(out);
            out = null;
        }
        return new InstallLog(path, out);
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        if (out == null) {
            return;
        }
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            LOG.warn("cannot write the install log {}: {}", path, e.getMessage());
            closeQuietly(out);
            out = null;
        }
    }

    void writeLine(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    @Override
    public synchronized void close() {
        closeQuietly(out);
        out = null;
    }

    private static void closeQuietly(OutputStream out) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("cannot close an install log: {}", e.getMessage());
        }
    }
}
