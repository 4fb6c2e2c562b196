package dev.pinion.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A bounded in-memory pipe between the thread writing an archive and the HTTP client sending it, so
 * the transfer is streamed and never staged on disk: at most {@code chunks} chunks of
 * {@code chunkSize} bytes wait. Either side can fail it; the other side then gets an IOException
 * at its next call instead of blocking forever (the HTTP client closing the stream fails the writer,
 * a cancelled transfer fails both).
 */
final class ChunkPipe {
    private static final byte[] END = new byte[0];

    private final int chunkSize;
    private final int capacity;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private IOException failure;
    private final Sink sink = new Sink();
    private final Source source = new Source();

    ChunkPipe(int chunkSize, int chunks) {
        this.chunkSize = chunkSize;
        this.capacity = chunks;
    }

    OutputStream sink() {
        return sink;
    }

    InputStream source() {
        return source;
    }

    /** Fails both ends with {@code cause}; queued data is dropped. */
    synchronized void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        queue.clear();
        notifyAll();
    }

    private synchronized void put(byte[] chunk) throws IOException {
        try {
            while (failure == null && queue.size() >= capacity) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        }
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        queue.addLast(chunk);
        notifyAll();
    }

    private synchronized byte[] take() throws IOException {
        try {
            while (failure == null && queue.isEmpty()) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        }
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        byte[] chunk = queue.peekFirst();
        if (chunk != END) {
            queue.pollFirst();
            notifyAll();
        }
        return chunk;
    }

    private final class Sink extends OutputStream {
        private byte[] buffer = new byte[chunkSize];
        private int filled;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("pipe closed");
            }
            while (len > 0) {
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    put(buffer);
                    buffer = new byte[chunkSize];
                    filled = 0;
                }
            }
        }

        /** Hands over what is buffered (the next chunk would otherwise wait until full). */
        @Override
        public void flush() throws IOException {
            if (filled > 0) {
                byte[] chunk = Arrays.copyOf(buffer, filled);
                filled = 0;
                put(chunk);
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                flush();
                closed = true;
                put(END);
            }
        }
    }

    private final class Source extends InputStream {
        private byte[] current = END;
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position >= current.length) {
                byte[] next = take();
                if (next == END) {
                    return -1;
                }
                current = next;
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        /** The HTTP client stopped reading: the writer must not wait for it any longer. */
        @Override
        public void close() {
            fail(new IOException("the destination stopped reading the transfer stream"));
        }
    }
}
