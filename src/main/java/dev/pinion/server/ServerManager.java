package dev.pinion.server;

import dev.pinion.concurrent.DaemonExecutors;
import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.ContainerStatus;
import dev.pinion.filesystem.OwnedDirectories;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.RawServerData;
import dev.pinion.panel.ServerConfiguration;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every server this node hosts. At start-up it loads them from the Panel in the background (the
 * API is up meanwhile, and a Panel that is down is retried), re-attaches to containers that kept
 * running, and restarts the ones that were running before (spec server-lifecycle-docker.md §1.7).
 */
public final class ServerManager implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ServerManager.class);
    // Restores hit Docker; Wings runs four at a time.
    private static final int RESTORE_CONCURRENCY = 4;

    private final PanelClient panel;
    private final ContainerRuntime runtime;
    private final ConfigStore config;
    private final StatesFile states;
    private final ServerInstaller installer;
    private final Duration retryDelay;
    private final ServerFactory factory;
    private final Map<String, ManagedServer> servers = new ConcurrentHashMap<>();
    // Boot, creates, installs, deletions, disk-usage walks and every server's background work.
    private final ExecutorService work;
    private final ScheduledExecutorService timers;
    private final CountDownLatch booted = new CountDownLatch(1);
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ManagedServer>> additionListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean persistPending = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Future<?> bootTask;
    private volatile Future<?> periodicPersist;

    public ServerManager(
            PanelClient panel,
            ContainerRuntime runtime,
            ConfigStore config,
            ServerFactory factory,
            StatesFile states,
            ServerInstaller installer,
            Duration retryDelay,
            DaemonExecutors executors) {
        this.factory = factory;
        this.work = executors.work();
        this.timers = executors.timers();
        this.panel = panel;
        this.runtime = runtime;
        this.config = config;
        this.states = states;
        this.installer = installer;
        this.retryDelay = retryDelay;
    }

    @Override
    public void start() {
        bootTask = work.submit(this::bootWithRetries);
        periodicPersist = timers.scheduleWithFixedDelay(this::persistStates, 60, 60, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        // From here on states.json keeps what the servers were doing when the daemon stopped:
        // detaching ends every console stream, which must not be written down as "offline".
        stopping = true;
        installer.shutdown();
        cancel(bootTask);
        cancel(periodicPersist);
        persistStates();
        // Game servers keep running: only the daemon's attachments end.
        for (ManagedServer server : servers.values()) {
            server.diskGuard().stop();
            server.process().detachForShutdown();
            server.usage().stop();
            server.server().events().close();
        }
    }

    private static void cancel(Future<?> task) {
        if (task != null) {
            task.cancel(true);
        }
    }

    /** Waits until the boot finished loading and restoring servers; false on timeout. */
    public boolean awaitBoot(Duration timeout) throws InterruptedException {
        return booted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<ManagedServer> get(String uuid) {
        return Optional.ofNullable(servers.get(uuid));
    }

    public Collection<ManagedServer> all() {
        return List.copyOf(servers.values());
    }

    private void bootWithRetries() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                boot();
                booted.countDown();
                return;
            } catch (RuntimeException e) {
                LOG.error("could not load servers ({}); retrying in {} s", e.getMessage(), retryDelay.toSeconds());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(retryDelay);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void boot() throws InterruptedException {
        long began = System.nanoTime();
        runtime.ensureNetwork(config.current().docker().network());
        List<RawServerData> raw = panel.getServers();
        List<ManagedServer> loaded = build(raw);
        loaded.forEach(server -> {
            servers.put(server.uuid(), server);
            additionListeners.forEach(listener -> listener.accept(server));
        });
        LOG.info("loaded {} servers from the Panel in {} ms", loaded.size(), (System.nanoTime() - began) / 1_000_000);
        try {
            installer.recoverInterruptedInstalls(
                    loaded.stream().map(ManagedServer::uuid).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            LOG.error("could not recover installs interrupted by a restart: {}", e.getMessage());
        }
        restore(loaded, states.read());
        LOG.info(
                "boot finished: {} servers restored {} ms after loading began",
                loaded.size(),
                (System.nanoTime() - began) / 1_000_000);
        work.execute(() -> {
            try {
                panel.resetServersState();
            } catch (RuntimeException e) {
                LOG.warn("could not reset server states on the Panel: {}", e.getMessage());
            }
        });
    }

    private List<ManagedServer> build(List<RawServerData> raw) throws InterruptedException {
        List<ManagedServer> built = new ArrayList<>();
        List<Future<Optional<ManagedServer>>> futures = new ArrayList<>();
        try {
            for (RawServerData data : raw) {
                futures.add(work.submit(() -> {
                    try {
                        return Optional.of(wire(panel.parser().parse(data)));
                    } catch (RuntimeException e) {
                        LOG.error("failed to load server, skipping...: {}", e.getMessage());
                        return Optional.empty();
                    }
                }));
            }
            for (Future<Optional<ManagedServer>> future : futures) {
                try {
                    future.get().ifPresent(built::add);
                } catch (ExecutionException e) {
                    LOG.error("failed to load server, skipping...", e.getCause());
                }
            }
        } finally {
            futures.forEach(ServerManager::cancel);
        }
        return built;
    }

    private void restore(List<ManagedServer> loaded, Map<String, ServerState> previous) throws InterruptedException {
        Semaphore slots = new Semaphore(RESTORE_CONCURRENCY);
        List<Future<?>> restores = new ArrayList<>();
        try {
            for (ManagedServer server : loaded) {
                restores.add(work.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        restore(server, previous.getOrDefault(server.uuid(), ServerState.OFFLINE));
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> restore : restores) {
                try {
                    restore.get();
                } catch (ExecutionException e) {
                    LOG.error("could not restore a server", e.getCause());
                }
            }
        } finally {
            restores.forEach(ServerManager::cancel);
        }
    }

    private void restore(ManagedServer server, ServerState last) {
        try {
            Optional<ContainerStatus> status = runtime.inspect(server.uuid());
            if (status.isPresent() && status.get().running()) {
                server.process().adoptRunning(status.get());
                server.sync().sync();
            } else if (last.isOnline()) {
                server.power().handle(PowerAction.START, 0);
            }
        } catch (Exception e) {
            LOG.error("server {}: could not restore its previous state: {}", server.uuid(), e.getMessage());
        }
    }

    /** Builds a server with the factory and has every state change of it written to states.json. */
    private ManagedServer wire(ServerConfiguration configuration) {
        ManagedServer managed = factory.build(configuration);
        // Wings writes states.json once a minute only; a restart soon after a start would forget it.
        managed.server().addStateListener((changed, from, to) -> schedulePersist());
        return managed;
    }

    /**
     * Creates a server the Panel just assigned: fetches its configuration (throws when the Panel
     * refuses), registers it, then in the background creates its container and runs the install,
     * starting it afterwards when asked.
     */
    public ManagedServer create(String uuid, boolean startOnCompletion) {
        ManagedServer created = wire(panel.getServerConfiguration(uuid));
        ManagedServer existing = servers.putIfAbsent(uuid, created);
        if (existing != null) {
            return existing;
        }
        additionListeners.forEach(listener -> listener.accept(created));
        work.execute(() -> {
            // As in Wings, only a successful install is followed by the start.
            if (installer.install(created, false) && startOnCompletion) {
                try {
                    created.power().handle(PowerAction.START, 30);
                } catch (Exception e) {
                    LOG.error("server {}: could not start after install: {}", uuid, e.getMessage());
                }
            }
        });
        return created;
    }

    /** Syncs with the Panel then runs the install, in the background ({@code POST .../install}). */
    public void installInBackground(ManagedServer server) {
        work.execute(() -> {
            try {
                server.sync().sync();
                installer.install(server, false);
            } catch (RuntimeException e) {
                LOG.error("server {}: install failed: {}", server.uuid(), e.getMessage());
            }
        });
    }

    /** Stops the server, syncs with the Panel and runs the install again, in the background. */
    public void reinstallInBackground(ManagedServer server) {
        work.execute(() -> {
            try {
                server.process().stop(Duration.ofSeconds(10));
                server.sync().sync();
                installer.install(server, true);
            } catch (RuntimeException e) {
                LOG.error("server {}: reinstall failed: {}", server.uuid(), e.getMessage());
            }
        });
    }

    /**
     * Registers a server arriving by transfer (spec files-backups-transfers.md §6.3): wired from the
     * configuration the Panel gave, flagged transferring, never installed. Empty when this node
     * already has a server with that uuid.
     */
    public Optional<ManagedServer> adoptTransferred(ServerConfiguration configuration) {
        if (servers.containsKey(configuration.uuid())) {
            return Optional.empty();
        }
        ManagedServer created = wire(configuration);
        created.server().transferring().set(true);
        if (servers.putIfAbsent(configuration.uuid(), created) != null) {
            created.usage().stop();
            created.server().events().close();
            return Optional.empty();
        }
        return Optional.of(created);
    }

    /**
     * Takes a server off this node leaving nothing behind and telling no one (a failed incoming
     * transfer): off the list, container removed, files deleted before this returns.
     */
    public void discard(ManagedServer managed) {
        servers.remove(managed.uuid(), managed);
        managed.server().markDeleted();
        try {
            managed.process().destroy();
        } catch (RuntimeException e) {
            LOG.warn("server {}: could not remove its container: {}", managed.uuid(), e.getMessage());
        }
        managed.usage().stop();
        managed.server().events().close();
        deleteTree(managed.process().root());
        persistStates();
    }

    /**
     * Deletes a server (spec §1.11): no more power actions, {@code deleted} to its listeners, the
     * container and any running installer force-removed, its files removed in the background, and it is gone from the list.
     */
    public void delete(ManagedServer managed) {
        Server server = managed.server();
        server.markDeleted();
        if (server.transferring().get()) {
            server.events().publish(ServerEvent.TRANSFER_STATUS, "completed");
        }
        server.events().publish(ServerEvent.DELETED, "null");
        deletionListeners.forEach(listener -> listener.accept(server.uuid()));
        managed.diskGuard().stop();
        managed.process().destroy();
        installer.serverDeleted(managed);
        server.events().close();
        servers.remove(server.uuid());
        Path root = managed.process().root();
        work.execute(() -> deleteTree(root));
        persistStates();
    }

    /** Told of every server loaded at boot or created later (metrics register their gauges then). */
    public void onAdd(Consumer<ManagedServer> listener) {
        additionListeners.add(listener);
    }

    /** Told the uuid of every deleted server, before its container is destroyed (pulls cancel then). */
    public void onDelete(Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    private static void deleteTree(Path root) {
        try {
            OwnedDirectories.deleteTree(root);
        } catch (IOException e) {
            LOG.error("could not delete {}: {}", root, e.getMessage());
        }
    }

    private void schedulePersist() {
        if (!stopping && persistPending.compareAndSet(false, true)) {
            timers.execute(() -> {
                persistPending.set(false);
                if (!stopping) {
                    persistStates();
                }
            });
        }
    }

    /** Writes every server's state to states.json (one write at a time: the timers run several tasks at once). */
    public synchronized void persistStates() {
        Map<String, ServerState> snapshot = new LinkedHashMap<>();
        servers.values().forEach(s -> snapshot.put(s.uuid(), s.server().state()));
        try {
            states.write(snapshot);
        } catch (IOException e) {
            LOG.error("cannot write states.json: {}", e.getMessage());
        }
    }
}
