package dev.pinion.backup;

import dev.pinion.panel.RetryClock;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * {@code system.backups.write_limit}: a token bucket of {@code limit} MiB refilled at {@code limit} MiB/s
 * (spec §5.2), throttling the archive written by a backup and the archive read by a restore. A limit of
 * 0 means unlimited. One limiter per backup or restore, used by one thread.
 */
final class ByteRateLimiter {
    private static final long MIB = 1024 * 1024;

    private final long bytesPerSecond;
    private final RetryClock clock;
    private double tokens;
    private long last;

    ByteRateLimiter(long limitMiBPerSecond, RetryClock clock) {
        this.bytesPerSecond = Math.max(0, limitMiBPerSecond) * MIB;
        this.clock = clock;
        this.tokens = bytesPerSecond;
        this.last = clock.nanoTime();
    }

    boolean unlimited() {
        return bytesPerSecond == 0;
    }

    /** Waits until {@code bytes} may pass. */
    void acquire(long bytes) throws InterruptedIOException {
        if (unlimited()) {
            return;
        }
        long now = clock.nanoTime();
        tokens = Math.min(bytesPerSecond, tokens + (now - last) / 1e9 * bytesPerSecond);
        last = now;
        tokens -= bytes;
        if (tokens < 0) {
            long waitNanos = (long) (-tokens / bytesPerSecond * 1e9);
            try {
                clock.sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled");
            }
        }
    }

    OutputStream wrap(OutputStream out) {
        if (unlimited()) {
            return out;
        }
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                acquire(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                acquire(len);
                out.write(b, off, len);
            }
        };
    }

    InputStream wrap(InputStream in) {
        if (unlimited()) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    acquire(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    acquire(n);
                }
                return n;
            }
        };
    }
}
