package dev.pinion.pull;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running pull: its identifier, its server, the bytes received against the declared length, and a
 * way to abort it (closing the connection makes the write fail and its temporary file disappear).
 */
public final class Download {
    private final String identifier;
    private final String serverUuid;
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private volatile long total = -1;
    private volatile Closeable connection;
    private volatile boolean cancelled;
    private volatile boolean timedOut;

    Download(String identifier, String serverUuid) {
        this.identifier = identifier;
        this.serverUuid = serverUuid;
    }

    public String identifier() {
        return identifier;
    }

    public String serverUuid() {
        return serverUuid;
    }

    /** 0..1: received / Content-Length (0 until the response arrived). */
    public double progress() {
        long length = total;
        return length <= 0 ? 0 : Math.min(1.0, (double) received.get() / length);
    }

    /** Completes with the written file's path (relative to the root), or the failure. */
    public CompletableFuture<String> result() {
        return result;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Whether it was ended by the whole-pull deadline rather than by a cancel. */
    public boolean timedOut() {
        return timedOut;
    }

    /** The connection is open (headers may still be on their way): a cancel from now on closes it. */
    void connected(Closeable open) {
        this.connection = open;
        if (cancelled) {
            closeQuietly(open);
        }
    }

    void started(long length, Closeable open) {
        this.total = length;
        connected(open);
    }

    /** The whole-pull deadline passed: ends it as a cancel does, remembered as a timeout. */
    void expire() {
        timedOut = true;
        cancel();
    }

    void add(long bytes) {
        received.addAndGet(bytes);
    }

    void cancel() {
        cancelled = true;
        Closeable open = connection;
        if (open != null) {
            closeQuietly(open);
        }
    }

    private static void closeQuietly(Closeable open) {
        try {
            open.close();
        } catch (IOException ignored) {
            // the download is being abandoned
        }
    }
}
