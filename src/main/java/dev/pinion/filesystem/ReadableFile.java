package dev.pinion.filesystem;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;

/**
 * A regular file opened for reading inside the server root (contents and signed downloads): its size
 * at open time (the exact Content-Length), its sniffed MIME and a seekable channel for Range requests.
 * Close it when the response is done.
 */
public final class ReadableFile implements Closeable {
    private final String name;
    private final long size;
    private final String mime;
    private final SeekableByteChannel channel;

    /**
     * A file the daemon opened itself outside any server root (a local backup archive for
     * /download/backup), served through the same ranged download code.
     */
    public static ReadableFile ofChannel(String name, long size, String mime, SeekableByteChannel channel) {
        return new ReadableFile(name, size, mime, channel);
    }

    ReadableFile(String name, long size, String mime, SeekableByteChannel channel) {
        this.name = name;
        this.size = size;
        this.mime = mime;
        this.channel = channel;
    }

    /** The base name (for Content-Disposition). */
    public String name() {
        return name;
    }

    /** Size at open time; the body must be cut there so a growing file cannot overrun Content-Length. */
    public long size() {
        return size;
    }

    /** X-Mime-Type value. */
    public String mime() {
        return mime;
    }

    /** The channel, positioned at 0 after opening; seek for Range requests. */
    public SeekableByteChannel channel() {
        return channel;
    }

    /** A stream of bytes {@code [offset, offset + length)}, never past {@link #size()}. */
    public InputStream stream(long offset, long length) throws IOException {
        long start = Math.min(Math.max(0, offset), size);
        long remaining = Math.min(Math.max(0, length), size - start);
        channel.position(start);
        InputStream raw = Channels.newInputStream(channel);
        return new InputStream() {
            private long left = remaining;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = raw.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = raw.read(buffer, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                ReadableFile.this.close();
            }
        };
    }

    /** The whole file as a stream of exactly {@link #size()} bytes (or fewer if it shrank). */
    public InputStream stream() throws IOException {
        return stream(0, size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static String sniff(SeekableByteChannel channel, MimeSniffer sniffer) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MimeSniffer.LIMIT);
        channel.position(0);
        while (head.hasRemaining() && channel.read(head) > 0) {
            // keep reading until the limit or end of file
        }
        channel.position(0);
        return sniffer.detect(head.array(), head.position());
    }
}
