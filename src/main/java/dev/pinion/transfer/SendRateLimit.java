package dev.pinion.transfer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Holds an outgoing stream to {@code system.transfers.download_limit} MiB/s: a writer that got ahead
 * of the allowance sleeps until the average since the start is back under it.
 */
final class SendRateLimit extends FilterOutputStream {
    private final long bytesPerSecond;
    private final long started = System.nanoTime();
    private long written;

    private SendRateLimit(OutputStream out, long bytesPerSecond) {
        super(out);
        this.bytesPerSecond = bytesPerSecond;
    }

    /** {@code out} itself when {@code mibPerSecond} is 0 or less (no limit). */
    static OutputStream wrap(OutputStream out, long mibPerSecond) {
        return mibPerSecond <= 0 ? out : new SendRateLimit(out, mibPerSecond * 1024 * 1024);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
        long dueNanos = written * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - started);
        if (aheadNanos > 1_000_000) {
            try {
                Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("transfer interrupted");
            }
        }
    }
}
