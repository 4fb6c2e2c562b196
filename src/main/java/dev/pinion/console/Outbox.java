package dev.pinion.console;

import jakarta.websocket.CloseReason;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one browser has yet to receive: a bounded queue drained by the socket's own writer task,
 * one message at a time (Jetty allows no concurrent sends). A browser that reads slowly loses its
 * own oldest messages; one that stops reading is disconnected after the send timeout. Neither
 * slows the server or any other socket.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Session session;
    private final int capacity;
    private final Duration sendTimeout;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private CloseReason closing;
    private boolean finished;

    Outbox(Session session, int capacity, Duration sendTimeout) {
        this.session = session;
        this.capacity = capacity;
        this.sendTimeout = sendTimeout;
        try {
            // Frames are gathered while more are waiting and written together (one write instead of
            // one per console line); drain() flushes whenever the queue runs empty.
            session.getAsyncRemote().setBatchingAllowed(true);
        } catch (IOException e) {
            LOG.debug("console socket {}: no batching", session.getId(), e);
        }
    }

    /** Starts the writer loop on {@code writer}; called once, after construction. */
    Outbox start(Executor writer) {
        writer.execute(this::drain);
        return this;
    }

    /** Queues a message; never blocks. */
    synchronized void send(String text) {
        if (closing != null || finished) {
            return;
        }
        if (queue.size() >= capacity) {
            queue.pollFirst();
            dropped.incrementAndGet();
        }
        queue.addLast(text);
        notifyAll();
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
        try {
            while (true) {
                String text;
                CloseReason close;
                boolean idle;
                synchronized (this) {
                    idle = queue.isEmpty();
                }
                if (idle && !flush()) {
                    return;
                }
                synchronized (this) {
                    while (queue.isEmpty() && closing == null && !finished) {
                        wait();
                    }
                    if (finished) {
                        return;
                    }
                    text = queue.pollFirst();
                    close = closing;
                }
                if (text == null) {
                    closeSession(close);
                    return;
                }
                if (!deliver(text)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what the batch gathered; a browser that takes longer than the send timeout is dropped. */
    private boolean flush() throws InterruptedException {
        try {
            if (session instanceof JakartaWebSocketSession jetty) {
                FutureCallback flushed = new FutureCallback();
                jetty.getCoreSession().flush(flushed);
                flushed.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                session.getAsyncRemote().flushBatch();
            }
            return true;
        } catch (TimeoutException e) {
            LOG.info("console socket {}: browser stopped reading; disconnecting it", session.getId());
            abort();
            return false;
        } catch (IOException | ExecutionException | RuntimeException e) {
            finish();
            return false;
        }
    }

    private boolean deliver(String text) throws InterruptedException {
        try {
            session.getAsyncRemote().sendText(text).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
