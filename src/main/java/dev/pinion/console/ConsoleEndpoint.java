package dev.pinion.console;

import dev.pinion.server.ManagedServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** The Jakarta WebSocket side of one console socket: sizes, timeouts and handing frames on. */
public final class ConsoleEndpoint extends Endpoint {
    private final ManagedServer server;
    private final ConsoleContext context;
    private final ConsoleSockets sockets;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile ConsoleConnection connection;
    private volatile Outbox outbox;

    private final String clientIp;

    ConsoleEndpoint(ManagedServer server, ConsoleContext context, ConsoleSockets sockets, String clientIp) {
        this.clientIp = clientIp;
        this.server = server;
        this.context = context;
        this.sockets = sockets;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // Never close an idle console: the frontend gives up for good on Jetty's 1001 "Idle Timeout".
        session.setMaxIdleTimeout(0);
        int limit = context.settings().maxMessageBytes();
        session.setMaxTextMessageBufferSize(limit);
        session.setMaxBinaryMessageBufferSize(limit);
        outbox = new Outbox(session, context.settings().outboxCapacity(), context.settings().sendTimeout());
        connection = new ConsoleConnection(server, context, outbox, clientIp);
        sockets.opened(connection);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) connection::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> connection.onBinary());
        if (server.server().isSuspended()) {
            connection.close(4409, "server is suspended");
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
        ConsoleConnection open = connection;
        if (open != null) {
            open.stop();
            sockets.closed(open);
        }
        Outbox writer = outbox;
        if (writer != null) {
            writer.finish();
        }
        sockets.release(server.uuid());
    }

    /** The upgrade failed after the slot was taken. */
    void abandon() {
        end();
    }
}
