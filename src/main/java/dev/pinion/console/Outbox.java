package dev.pinion.console;

import com.codahale.metrics.Counter;
import dev.pinion.server.ServerEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one browser has yet to receive, drained by the socket's own writer task: its server's feed
 * ({@link FeedLog}: the events shared by every socket of the server, encoded once and read from this
 * socket's own position) and a small queue of messages of its own (answers, errors, replayed logs).
 * The writer takes everything waiting at once, hands the frames to Jetty in batch mode and flushes
 * them together — one socket write for a burst of console lines — and waits only for that flush. A
 * browser that reads slowly skips what the feed had to forget (its oldest messages); one that stops
 * reading is disconnected after the send timeout. Neither slows the server or any other socket, and
 * neither makes the daemon hold more than the feed's budget plus this socket's own small queue.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    // Feed entries taken per write: enough to fill a socket buffer many times, few enough to interleave own messages.
    private static final int FEED_BATCH = 1024;
    // This socket's own messages: Wings' per-socket buffers are tiny; this only has to hold a "send logs" replay.
    private static final long OWN_BUDGET_BYTES = 1 << 20;

    /** How a socket turns one of its server's events into what it sends (its token check and filters). */
    interface Forwarder {
        /** Adds the messages to send for {@code event} (encoded for everyone as {@code wire}) to {@code out}. */
        void forward(ServerEvent event, ByteBuffer wire, Consumer<ByteBuffer> out);
    }

    private record Following(FeedLog log, Forwarder forwarder) {}

    private final Session session;
    private final int capacity;
    private final Duration sendTimeout;
    private final Counter droppedTotal;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private long queuedBytes;
    private CloseReason closing;
    private boolean finished;
    // Read by the feed without the lock (see feedAdvanced); set by the writer before it looks for work.
    private volatile boolean writerWaiting;
    private volatile Following following;
    // The next feed entry this socket reads; only the writer moves it.
    private volatile long position = Long.MAX_VALUE;

    /**
     * @param capacity     own messages waiting before the oldest are dropped
     * @param droppedTotal counts every message this socket drops (the node's metric)
     */
    Outbox(Session session, int capacity, Duration sendTimeout, Counter droppedTotal) {
        this.session = session;
        this.capacity = capacity;
        this.sendTimeout = sendTimeout;
        this.droppedTotal = droppedTotal;
    }

    /** Starts the writer loop on {@code writer}; called once, after construction. */
    Outbox start(Executor writer) {
        writer.execute(this::drain);
        return this;
    }

    /** Queues a message of this socket's own; never blocks. */
    void send(String text) {
        send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Queues an encoded text message (UTF-8 JSON) of this socket's own; never blocks. */
    synchronized void send(ByteBuffer utf8) {
        if (closing != null || finished) {
            return;
        }
        while (!queue.isEmpty() && (queue.size() >= capacity || queuedBytes + utf8.remaining() > OWN_BUDGET_BYTES)) {
            queuedBytes -= queue.pollFirst().remaining();
            drop(1);
        }
        queue.addLast(utf8);
        queuedBytes += utf8.remaining();
        if (writerWaiting) {
            notifyAll();
        }
    }

    /** From now on the socket sends the events of {@code log}, starting with the next one appended. */
    synchronized void follow(FeedLog log, Forwarder forwarder) {
        position = log.tail();
        following = new Following(log, forwarder);
        notifyAll();
    }

    /** The socket no longer reads its server's feed. */
    void unfollow() {
        following = null;
        position = Long.MAX_VALUE;
    }

    /** The next feed entry this socket will read ({@link Long#MAX_VALUE} when it follows none). */
    long position() {
        return position;
    }

    /**
     * The feed has a new entry: wakes the writer if it is waiting. Cheap when it is not — one
     * volatile read — since the feed calls this for every socket on every event.
     */
    void feedAdvanced() {
        if (writerWaiting) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Closes the socket once what is queued now has been sent. */
    synchronized void close(int code, String reason) {
        if (closing == null && !finished) {
            closing = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
            notifyAll();
        }
    }

    /** The socket is gone: stop writing and forget what waits. */
    synchronized void finish() {
        finished = true;
        queue.clear();
        queuedBytes = 0;
        unfollow();
        notifyAll();
    }

    /** Messages this socket lost because it read too slowly. */
    long dropped() {
        return dropped.get();
    }

    private void drop(long count) {
        dropped.addAndGet(count);
        droppedTotal.inc(count);
    }

    /**
     * Sends a ping beside the queue, never blocking: the pong, which browsers send by themselves,
     * tells the peer is still there (see {@link Liveness}).
     */
    void ping() {
        if (session instanceof JakartaWebSocketSession jetty) {
            jetty.getCoreSession().sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
        }
    }

    /** Whether the socket is still open. */
    boolean isOpen() {
        return session.isOpen();
    }

    private void drain() {
        List<ByteBuffer> batch = new ArrayList<>();
        List<FeedLog.Entry> entries = new ArrayList<>();
        try {
            while (true) {
                CloseReason close;
                Following feed;
                synchronized (this) {
                    while (true) {
                        if (finished) {
                            return;
                        }
                        // Waiting is announced before the last look, so an entry appended meanwhile
                        // either is seen here or finds the flag set and wakes us (see feedAdvanced).
                        writerWaiting = true;
                        feed = following;
                        if (!queue.isEmpty() || closing != null || hasFeed(feed)) {
                            break;
                        }
                        wait();
                    }
                    writerWaiting = false;
                    batch.addAll(queue);
                    queue.clear();
                    queuedBytes = 0;
                    close = closing;
                }
                if (close == null && hasFeed(feed)) {
                    takeFeed(feed, entries, batch);
                }
                if (!batch.isEmpty()) {
                    if (!write(batch)) {
                        return;
                    }
                    batch.clear();
                    // Whatever came meanwhile goes first; the close waits for the queue to run dry.
                    continue;
                }
                if (close != null) {
                    closeSession(close);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean hasFeed(Following feed) {
        return feed != null && feed == following && feed.log().tail() > position;
    }

    /** The next feed entries through this socket's filters into the batch; what the feed forgot is dropped. */
    private void takeFeed(Following feed, List<FeedLog.Entry> entries, List<ByteBuffer> batch) {
        long from = position;
        long next = feed.log().read(from, entries, FEED_BATCH);
        long skipped = next - from - entries.size();
        if (skipped > 0) {
            drop(skipped);
        }
        if (following == feed) {
            position = next;
        }
        for (FeedLog.Entry entry : entries) {
            try {
                feed.forwarder().forward(entry.event(), entry.wire(), batch::add);
            } catch (RuntimeException e) {
                LOG.warn(
                        "console socket {}: cannot forward {}",
                        session.getId(),
                        entry.event().topic(),
                        e);
            }
        }
        entries.clear();
    }

    /** Writes a batch and waits for it to leave; a browser that takes longer than the send timeout is dropped. */
    private boolean write(List<ByteBuffer> batch) throws InterruptedException {
        try {
            if (session instanceof JakartaWebSocketSession jetty) {
                CoreSession core = jetty.getCoreSession();
                for (ByteBuffer message : batch) {
                    // A view of its own: the same bytes go to every socket of the server.
                    core.sendFrame(new Frame(OpCode.TEXT, message.duplicate()), Callback.NOOP, true);
                }
                FutureCallback flushed = new FutureCallback();
                core.flush(flushed);
                flushed.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                for (ByteBuffer message : batch) {
                    session.getAsyncRemote()
                            .sendText(StandardCharsets.UTF_8
                                    .decode(message.duplicate())
                                    .toString())
                            .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            return true;
        } catch (TimeoutException e) {
            LOG.info("console socket {}: browser stopped reading; disconnecting it", session.getId());
            abort();
            return false;
        } catch (ExecutionException | RuntimeException e) {
            finish();
            return false;
        }
    }

    /**
     * Drops the connection without a close handshake: a browser that reads nothing would never
     * read the close frame either. It sees 1006 and reconnects, as after a network failure.
     */
    void abort() {
        finish();
        if (session instanceof JakartaWebSocketSession jetty) {
            jetty.getCoreSession().abort();
        } else {
            closeSession(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow"));
        }
    }

    private void closeSession(CloseReason reason) {
        finish();
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing console socket {}", session.getId(), e);
        }
    }
}
