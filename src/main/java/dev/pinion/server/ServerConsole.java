package dev.pinion.server;

import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ConsoleAttachment;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.panel.ProcessConfiguration;
import java.io.IOException;
import java.util.List;

/**
 * A server's console: the attachment to its container, each output line through done detection,
 * the throttle and the history onto the event bus, and commands to stdin
 * (spec server-lifecycle-docker.md §2.5, §3.3).
 */
public final class ServerConsole {
    private final Server server;
    private final ContainerRuntime runtime;
    private final ConfigStore config;
    private final ConsoleHistory history;
    private final ConsoleThrottle throttle;
    private volatile ConsoleAttachment attachment;
    private volatile DoneState done = new DoneState(null, new DoneMatcher(List.of(), false));

    // The matcher is rebuilt only when a sync brings a different startup block.
    private record DoneState(ProcessConfiguration.Startup startup, DoneMatcher matcher) {}

    public ServerConsole(Server server, ContainerRuntime runtime, ConfigStore config) {
        this.server = server;
        this.runtime = runtime;
        this.config = config;
        this.history =
                new ConsoleHistory(Math.max(100, config.current().system().websocketLogCount()));
        this.throttle = new ConsoleThrottle(
                config.current().throttles().lines(),
                config.current().throttles().lineResetInterval(),
                System::currentTimeMillis);
    }

    /**
     * Attaches unless attached already; {@code onEnd} runs once when the output stream ends.
     * With {@code replay}, the container's recent output seeds the history (a daemon restart
     * re-attaching to a running server keeps its console).
     */
    public synchronized void attach(boolean replay, Runnable onEnd) {
        if (attachment != null) {
            return;
        }
        if (replay) {
            history.addAll(runtime.logs(
                    server.uuid(), Math.max(100, config.current().system().websocketLogCount())));
        }
        ConsoleAttachment attached = runtime.attachOutput(server.uuid(), this::onLine);
        attachment = attached;
        attached.ended().whenComplete((ignored, error) -> {
            synchronized (this) {
                if (attachment == attached) {
                    attachment = null;
                }
            }
            onEnd.run();
        });
    }

    public boolean isAttached() {
        return attachment != null;
    }

    public synchronized void detach() {
        ConsoleAttachment attached = attachment;
        attachment = null;
        if (attached != null) {
            attached.close();
        }
    }

    /** Clears the history and the throttle for a fresh start. */
    public void resetForStart() {
        history.clear();
        throttle.reset();
    }

    /** A line of output, read from the container at {@code readAtMillis}: the throttle counts it then, as Wings does. */
    void onLine(String line, long readAtMillis) {
        if (server.state() == ServerState.STARTING && matcher().matches(line)) {
            server.compareAndSetState(ServerState.STARTING, ServerState.RUNNING);
        }
        switch (throttle.next(readAtMillis)) {
            case PASS -> {
                history.add(line);
                server.events().publish(ServerEvent.CONSOLE_OUTPUT, line);
            }
            case DROP_FIRST -> daemonMessage(DaemonMessages.THROTTLED);
            case DROP -> {
                // dropped: the notice went out with the first line of this burst
            }
        }
    }

    private DoneMatcher matcher() {
        ProcessConfiguration.Startup startup =
                server.configuration().processConfiguration().startup();
        DoneState current = done;
        if (current.startup() != startup) {
            current = new DoneState(startup, new DoneMatcher(startup.done(), startup.stripAnsi()));
            done = current;
        }
        return current.matcher();
    }

    /**
     * Writes a command to the process. When it is the egg's stop command the state becomes
     * stopping first, so the exit that follows is not taken for a crash.
     */
    public void sendCommand(String command) throws IOException {
        ConsoleAttachment attached = attachment;
        if (attached == null) {
            throw new IllegalStateException("not attached to instance");
        }
        ProcessConfiguration.Stop stop =
                server.configuration().processConfiguration().stop();
        if (ProcessConfiguration.Stop.COMMAND.equals(stop.type())
                && stop.value().equals(command)
                && server.state() != ServerState.OFFLINE) {
            server.setState(ServerState.STOPPING);
        }
        attached.write(command);
    }

    /** A line from the daemon itself, in Wings' colours; not throttled and not in the history. */
    public void daemonMessage(String text) {
        server.events()
                .publish(
                        ServerEvent.CONSOLE_OUTPUT,
                        DaemonMessages.format(config.current().appName(), text));
    }

    public List<String> lastLines(int count) {
        return history.last(count);
    }
}
