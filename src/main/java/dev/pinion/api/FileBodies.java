package dev.pinion.api;

import dev.pinion.filesystem.ReadableFile;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams part of an open file to a response without holding it in memory, closing the file after. */
final class FileBodies {
    // Large enough that a 1 GiB download is not dominated by per-write overhead.
    private static final int BUFFER = 256 * 1024;
    static final String CONTENT_ENCODING = "Content-Encoding";
    /**
     * Sent on file bodies so the server's response gzip leaves them alone: compressing would drop the
     * exact Content-Length the Panel relies on (§5.1), break byte ranges, and cost a core per download.
     */
    static final String IDENTITY = "identity";

    private FileBodies() {
    }

    static StreamingOutput range(ReadableFile file, long offset, long length) {
        return out -> {
            try (file; InputStream in = file.stream(offset, length)) {
                copy(in, out);
            }
        };
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
    }
}
