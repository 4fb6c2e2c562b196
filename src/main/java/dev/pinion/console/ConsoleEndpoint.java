package dev.pinion.console;

import dev.pinion.server.ManagedServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Jakarta WebSocket side of one console socket: sizes, timeouts, handing frames on, its slot,
 * the authentication deadline and the pings that find dead peers.
 */
public final class ConsoleEndpoint extends Endpoint {
    /** Closes a socket that did not authenticate in time; the frontend would reconnect (it never gets here). */
    static final int AUTH_TIMEOUT = 1008;
    // How long a socket closed for its deadline may take to answer the close before it is dropped.
    private static final long CLOSE_GRACE_MILLIS = 2000;

    private final ManagedServer server;
    private final ConsoleContext context;
    private final ConsoleSockets sockets;
    private final SocketSlots.Slot slot;
    private final Liveness liveness = new Liveness();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile ConsoleConnection connection;
    private volatile Outbox outbox;
    private volatile ScheduledFuture<?> deadline;
    private volatile ScheduledFuture<?> pings;

    ConsoleEndpoint(ManagedServer server, ConsoleContext context, ConsoleSockets sockets, SocketSlots.Slot slot) {
        this.server = server;
        this.context = context;
        this.sockets = sockets;
        this.slot = slot;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // Never close an idle console: the frontend gives up for good on Jetty's 1001 "Idle Timeout".
        // Dead peers are found by pings instead.
        session.setMaxIdleTimeout(0);
        int limit = context.settings().maxMessageBytes();
        session.setMaxTextMessageBufferSize(limit);
        session.setMaxBinaryMessageBufferSize(limit);
        outbox = new Outbox(
                        session,
                        context.settings().outboxCapacity(),
                        context.settings().sendTimeout(),
                        context.droppedBySockets())
                .start(context.work());
        connection =
                new ConsoleConnection(server, context, outbox, this::authenticated, slot == null ? "" : slot.address());
        sockets.opened(connection);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            liveness.heard();
            connection.onText(text);
        });
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> {
            liveness.heard();
            connection.onBinary();
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> liveness.heard());
        if (server.server().isSuspended()) {
            connection.close(4409, "server is suspended");
            return;
        }
        deadline = context.scheduler()
                .schedule(
                        this::deadlinePassed, context.settings().authDeadline().toMillis(), TimeUnit.MILLISECONDS);
        long every = context.settings().pingInterval().toMillis();
        pings = context.scheduler().scheduleAtFixedRate(this::ping, every, every, TimeUnit.MILLISECONDS);
    }

    private void authenticated() {
        slot.authenticated();
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * Not authenticated in time (spec README): the slot is freed at once, whatever the peer does
     * with the close frame, and a peer that does not answer it is dropped shortly after.
     */
    private void deadlinePassed() {
        if (!slot.isPending()) {
            return;
        }
        slot.release();
        connection.close(AUTH_TIMEOUT, "authentication timeout");
        context.scheduler()
                .schedule(
                        () -> {
                            if (outbox.isOpen()) {
                                outbox.abort();
                            }
                        },
                        CLOSE_GRACE_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (liveness.tick()) {
            outbox.ping();
        } else {
            // Nothing came back since the last ping: the peer is gone without a TCP close.
            outbox.abort();
            end();
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        end();
    }

    @Override
    public void onError(Session session, Throwable error) {
        end();
    }

    private void end() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {deadline, pings}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        ConsoleConnection open = connection;
        if (open != null) {
            open.stop();
            sockets.closed(open);
        }
        Outbox writer = outbox;
        if (writer != null) {
            writer.finish();
        }
        slot.release();
    }

    /** The upgrade failed after the slot was taken. */
    void abandon() {
        end();
    }
}
