package dev.pinion.transfer;

import dev.pinion.server.ManagedServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One server arriving on this node: its body stream, which a cancel breaks at the next read, and the
 * flag that makes the failure report happen once.
 */
final class IncomingTransfer {
    private final ManagedServer managed;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Thread worker;

    IncomingTransfer(ManagedServer managed) {
        this.managed = managed;
    }

    ManagedServer managed() {
        return managed;
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    /** The thread doing the work, interrupted by a cancel; {@code null} when it is done. */
    synchronized void attach(Thread thread) {
        this.worker = thread;
    }

    /** Breaks the transfer: the next read of the body fails, a blocked worker is interrupted. */
    synchronized boolean cancel() {
        if (!cancelled.compareAndSet(false, true)) {
            return false;
        }
        if (worker != null) {
            worker.interrupt();
        }
        return true;
    }

    /** The request body, failing as soon as the transfer is cancelled. */
    InputStream guard(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                check();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check();
                return super.read(b, off, len);
            }

            private void check() throws IOException {
                if (cancelled.get()) {
                    throw new InterruptedIOException("transfer cancelled");
                }
            }
        };
    }
}
