package dev.pinion.console;

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
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one browser has yet to receive: a bounded queue of encoded text messages drained by the
 * socket's own writer task. The writer takes everything queued at once, hands the frames to Jetty
 * in batch mode and flushes them together — one socket write for a burst of console lines, one
 * wake-up per burst rather than per line — and waits only for that flush. Messages shared by every
 * socket of a server are encoded once and queued here as views of the same bytes
 * ({@link ServerFeeds}). A browser that reads slowly loses its own oldest messages; one that stops
 * reading is disconnected after the send timeout. Neither slows the server or any other socket.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Session session;
    private final int capacity;
    private final Duration sendTimeout;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private CloseReason closing;
    private boolean finished;
    private boolean writerWaiting;

    Outbox(Session session, int capacity, Duration sendTimeout) {
        this.session = session;
        this.capacity = capacity;
        this.sendTimeout = sendTimeout;
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

    /**
     * Queues an encoded text message (UTF-8 JSON); never blocks. A buffer shared with other sockets
     * is queued as a view of its own, so nobody's position moves under anyone else.
     */
    synchronized void send(ByteBuffer utf8) {
        if (closing != null || finished) {
            return;
        }
        if (queue.size() >= capacity) {
            queue.pollFirst();
            dropped.incrementAndGet();
        }
        queue.addLast(utf8.duplicate());
        // Only an idle writer needs waking; a busy one takes this with the rest of the burst.
        if (writerWaiting) {
            notifyAll();
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
        notifyAll();
    }

    long dropped() {
        return dropped.get();
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
        try {
            while (true) {
                CloseReason close;
                synchronized (this) {
                    while (queue.isEmpty() && closing == null && !finished) {
                        writerWaiting = true;
                        wait();
                    }
                    writerWaiting = false;
                    if (finished) {
                        return;
                    }
                    batch.addAll(queue);
                    queue.clear();
                    close = closing;
                }
                if (!batch.isEmpty()) {
                    if (!write(batch)) {
                        return;
                    }
                    batch.clear();
                    // Whatever came meanwhile goes first; the close waits for the queue to run dry.
                    continue;
                }
                closeSession(close);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a batch and waits for it to leave; a browser that takes longer than the send timeout is dropped. */
    private boolean write(List<ByteBuffer> batch) throws InterruptedException {
        try {
            if (session instanceof JakartaWebSocketSession jetty) {
                CoreSession core = jetty.getCoreSession();
                for (ByteBuffer message : batch) {
                    core.sendFrame(new Frame(OpCode.TEXT, message), Callback.NOOP, true);
                }
                FutureCallback flushed = new FutureCallback();
                core.flush(flushed);
                flushed.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                for (ByteBuffer message : batch) {
                    session.getAsyncRemote()
                            .sendText(StandardCharsets.UTF_8.decode(message).toString())
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
