package dev.pinion.api;

import dev.pinion.filesystem.ReadableFile;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.function.BooleanSupplier;

/**
 * Streams part of an open file to a response without holding it in memory, closing the file after: the one
 * place file bodies (contents, signed downloads, backup downloads) are written. {@link FileBodyWriter} sends
 * them through Jetty's output in large direct buffers; elsewhere they copy through a heap buffer.
 */
final class FileBodies {
    // Large enough that a 1 GiB download is not dominated by per-write overhead.
    static final int BUFFER = 1024 * 1024;
    static final String CONTENT_ENCODING = "Content-Encoding";
    /**
     * Sent on file bodies so the server's response gzip leaves them alone: compressing would drop the
     * exact Content-Length the Panel relies on (§5.1), break byte ranges, and cost a core per download.
     */
    static final String IDENTITY = "identity";

    private FileBodies() {}

    static StreamingOutput range(ReadableFile file, long offset, long length) {
        return new FileBody(file, offset, length);
    }

    /**
     * Bytes {@code [offset, offset + length)} of an open file, never past its size at open time (a file that
     * grows while being sent is cut there, one that shrinks ends early).
     */
    record FileBody(ReadableFile file, long offset, long length) implements StreamingOutput {
        long start() {
            return Math.min(Math.max(0, offset), file.size());
        }

        long remaining() {
            return Math.min(Math.max(0, length), file.size() - start());
        }

        @Override
        public void write(OutputStream out) throws IOException {
            try (file;
                    InputStream in = file.stream(offset, length)) {
                byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, remaining()))];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
        }

        /**
         * Reads into one direct buffer and hands each fill to {@code sink} (Jetty writes a direct buffer to
         * the socket without another copy); the buffer is reused, so nothing is allocated per chunk. Until
         * {@code committed} says the status and headers are on their way, fills go through {@code head} (the
         * container's own stream, which commits them) so nothing can overtake the headers.
         */
        void writeDirect(OutputStream head, BooleanSupplier committed, ByteBufferSink sink) throws IOException {
            try (file) {
                SeekableByteChannel channel = file.channel();
                long left = remaining();
                channel.position(start());
                ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(BUFFER, Math.max(1, left)));
                byte[] staging = null;
                while (left > 0) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                    int n = channel.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    left -= n;
                    buffer.flip();
                    if (committed.getAsBoolean()) {
                        sink.write(buffer);
                    } else {
                        if (staging == null) {
                            staging = new byte[buffer.capacity()];
                        }
                        buffer.get(staging, 0, n);
                        head.write(staging, 0, n);
                        head.flush();
                    }
                }
            }
        }
    }

    /** Where {@link FileBody#writeDirect} sends each filled buffer; must consume it entirely. */
    interface ByteBufferSink {
        void write(ByteBuffer buffer) throws IOException;
    }
}
