package dev.pinion.environment.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The stdin side of an attachment: commands written by any thread become an input stream that the
 * transport's hijack thread copies to the container. Unlike {@link java.io.PipedInputStream} it
 * does not care which threads write or read, and it holds a bounded number of pending writes.
 */
final class StdinPipe extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks;
    private byte[] current = new byte[0];
    private int position;
    private volatile boolean closed;

    StdinPipe(int capacity) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues bytes for the container; fails when the pipe is closed or too many writes are pending. */
    synchronized void send(byte[] bytes) throws IOException {
        if (closed) {
            throw new IOException("not attached to instance");
        }
        if (!chunks.offer(bytes.clone())) {
            throw new IOException("stdin of the container is not being consumed; command refused");
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == current.length) {
            if (current == END) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            position = 0;
            if (current == END) {
                return -1;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, n);
        position += n;
        return n;
    }

    /** Ends the stream: the copying thread sees end-of-file and finishes. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            chunks.clear();
            // Space was just made, so the end marker always fits.
            chunks.offer(END);
        }
    }
}
