package dev.pinion.api;

import dev.pinion.api.errors.ApiException;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.OwnedDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.jvnet.mimepull.MIMEConfig;
import org.jvnet.mimepull.MIMEMessage;
import org.jvnet.mimepull.MIMEPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Panel UI's multipart upload, read whole before anything is written (as Wings reads it) but
 * spooled into a directory of this request's own under the node's upload spool, which {@link #close}
 * deletes whatever happened — a refused or broken body leaves nothing behind. The body is read through
 * an {@link UploadSizeGuard}, so the spool never holds more than the bounds allow.
 */
final class UploadForm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadForm.class);
    // Per part held in memory before the parser spools to disk: a thousand parts stay in a few MiB.
    private static final long MEMORY_PER_PART = 4 * 1024;

    /** One file of the {@code files} field: the client's name as sent, and its spooled bytes. */
    record FilePart(String clientName, MIMEPart part, long size) {
        InputStream open() {
            return part.read();
        }
    }

    private final Path directory;
    private final MIMEMessage message;
    private final List<FilePart> files;

    private UploadForm(Path directory, MIMEMessage message, List<FilePart> files) {
        this.directory = directory;
        this.message = message;
        this.files = files;
    }

    /**
     * Reads the whole form from {@code guarded}; a bound the guard enforces ends the read with its own
     * error, anything the parser cannot read with Wings' {@code Failed to get multipart form data}.
     */
    static UploadForm read(InputStream guarded, String boundary, Path spool) {
        Path directory = spool.resolve(UUID.randomUUID().toString());
        MIMEMessage message = null;
        try {
            OwnedDirectories.recreate(directory, 0700);
            MIMEConfig config = new MIMEConfig();
            config.setDir(directory.toString());
            config.setMemoryThreshold(MEMORY_PER_PART);
            message = new MIMEMessage(guarded, boundary, config);
            message.parseAll();
            List<FilePart> files = new ArrayList<>();
            for (MIMEPart part : message.getAttachments()) {
                String fileName = fileFieldName(part);
                if (fileName != null) {
                    files.add(new FilePart(fileName, part, sizeOf(part)));
                }
            }
            return new UploadForm(directory, message, List.copyOf(files));
        } catch (IOException | RuntimeException e) {
            close(directory, message);
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ApiException refused) {
                    throw refused;
                }
                if (cause instanceof FilesystemException refused) {
                    throw refused;
                }
            }
            LOG.debug("unreadable multipart upload: {}", e.toString());
            throw new ApiException(400, SignedUploadResource.NO_FORM);
        }
    }

    List<FilePart> files() {
        return files;
    }

    /** The client's file name when this part is a file of the {@code files} field, else null. */
    private static String fileFieldName(MIMEPart part) {
        List<String> disposition = part.getHeader("Content-Disposition");
        if (disposition == null || disposition.isEmpty()) {
            return null;
        }
        try {
            FormDataContentDisposition parsed = new FormDataContentDisposition(disposition.get(0));
            String name = parsed.getFileName();
            return "files".equals(parsed.getName()) && name != null && !name.isEmpty() ? name : null;
        } catch (ParseException e) {
            return null;
        }
    }

    /** Spooled already: reading it once more only counts its bytes. */
    private static long sizeOf(MIMEPart part) throws IOException {
        try (InputStream in = part.read()) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    @Override
    public void close() {
        close(directory, message);
    }

    private static void close(Path directory, MIMEMessage message) {
        if (message != null) {
            message.close();
        }
        try {
            OwnedDirectories.deleteTree(directory);
        } catch (IOException e) {
            LOG.warn("cannot remove the upload spool {}: {}", directory, e.getMessage());
        }
    }
}
