package dev.pinion.server;

import dev.pinion.panel.ServerConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One game server this node hosts: its configuration from the Panel, its process state, its event
 * bus and the flags that keep concurrent operations apart (spec server-lifecycle-docker.md §1.3–1.4).
 * What the server does lives in {@link ServerConsole}, {@link ServerProcess} and {@link PowerActions}.
 */
public final class Server {
    /** Told about every state change, in order, with the state it came from. */
    public interface StateListener {
        void changed(Server server, ServerState from, ServerState to);
    }

    private final String uuid;
    private final AtomicReference<ServerConfiguration> configuration;
    private final EventBus events;
    // Fair: power actions queued behind a running one are carried out in the order they were asked for.
    private final Semaphore powerLock = new Semaphore(1, true);
    private final AtomicBoolean installing = new AtomicBoolean();
    private final AtomicBoolean transferring = new AtomicBoolean();
    private final AtomicBoolean restoring = new AtomicBoolean();
    private final AtomicBoolean deleted = new AtomicBoolean();
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private ServerState state = ServerState.OFFLINE;

    /** @param eventDelivery runs the event bus's subscriber loops */
    public Server(ServerConfiguration configuration, Executor eventDelivery) {
        this.uuid = configuration.uuid();
        this.events = new EventBus(eventDelivery);
        this.configuration = new AtomicReference<>(configuration);
    }

    public String uuid() {
        return uuid;
    }

    public ServerConfiguration configuration() {
        return configuration.get();
    }

    /** Replaces the configuration wholesale, as a sync does. */
    public void configure(ServerConfiguration next) {
        configuration.set(next);
    }

    public boolean isSuspended() {
        return configuration.get().settings().suspended() || deleted.get();
    }

    public EventBus events() {
        return events;
    }

    public synchronized ServerState state() {
        return state;
    }

    /**
     * Sets the state; when it changes, publishes {@code status} and tells the listeners. Changes are
     * applied one at a time, so listeners see every (from, to) pair in order — Wings reads the
     * current state asynchronously and can mistake a stop for a crash.
     */
    public synchronized void setState(ServerState next) {
        ServerState previous = state;
        if (previous == next) {
            return;
        }
        state = next;
        events.publish(ServerEvent.STATUS, next.wireName());
        for (StateListener listener : listeners) {
            listener.changed(this, previous, next);
        }
    }

    /** Moves to {@code next} only from {@code expected}; false when the state was something else. */
    public synchronized boolean compareAndSetState(ServerState expected, ServerState next) {
        if (state != expected) {
            return false;
        }
        setState(next);
        return true;
    }

    public void addStateListener(StateListener listener) {
        listeners.add(listener);
    }

    public void removeStateListener(StateListener listener) {
        listeners.remove(listener);
    }

    public Semaphore powerLock() {
        return powerLock;
    }

    public AtomicBoolean installing() {
        return installing;
    }

    public AtomicBoolean transferring() {
        return transferring;
    }

    public AtomicBoolean restoring() {
        return restoring;
    }

    /** Marks the server deleted: it counts as suspended and refuses power actions from now on. */
    public void markDeleted() {
        deleted.set(true);
    }

    public boolean isDeleted() {
        return deleted.get();
    }
}
