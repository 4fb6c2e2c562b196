package dev.pinion.server;

import dev.pinion.config.DockerConfig;
import dev.pinion.config.NodeConfig;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerSpec.BindMount;
import dev.pinion.environment.ContainerSpec.HostBinding;
import dev.pinion.environment.ContainerSpec.ResourceLimits;
import dev.pinion.panel.ServerSettings;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a server's settings from the Panel and the node configuration into the container Wings
 * would create (spec server-lifecycle-docker.md §1.5, §1.6, §2.3).
 */
public final class ContainerSpecFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSpecFactory.class);
    static final String CONTAINER_HOME = "/home/container";

    public ContainerSpec build(ServerSettings settings, NodeConfig node, Path serverRoot) {
        DockerConfig docker = node.docker();
        String image = settings.container().image();
        boolean localOnly = image.startsWith("~");
        List<String> env =
                new ArrayList<>(EnvironmentVariables.of(settings, node.system().timezone()));
        // Only the server container gets this rewrite: the Panel's 127.0.0.1 means "the node".
        env.replaceAll(entry -> entry.equals("SERVER_IP=127.0.0.1")
                ? "SERVER_IP=" + docker.network().hostInterface()
                : entry);

        Map<String, String> labels = new LinkedHashMap<>(settings.labels());
        labels.put("Service", "Pterodactyl");
        labels.put("ContainerType", "server_process");

        return new ContainerSpec(
                settings.uuid(),
                docker.domainname(),
                user(node),
                localOnly ? image.substring(1) : image,
                !localOnly,
                env,
                labels,
                ports(settings, docker.network()),
                mounts(settings, node, serverRoot),
                docker.tmpfsSize(),
                limits(settings, node),
                docker.network().dns(),
                docker.logConfig().type(),
                docker.logConfig().config(),
                docker.network().networkMode(),
                docker.usernsMode());
    }

    static String user(NodeConfig node) {
        var user = node.system().user();
        return user.rootless().enabled()
                ? user.rootless().containerUid() + ":" + user.rootless().containerGid()
                : user.uid() + ":" + user.gid();
    }

    /** Every allocation port on both tcp and udp; 127.0.0.1 becomes the node interface (or is dropped with ISPN). */
    static Map<String, List<HostBinding>> ports(ServerSettings settings, DockerConfig.Network network) {
        Map<String, List<HostBinding>> ports = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> mapping :
                settings.allocations().mappings().entrySet()) {
            for (int port : mapping.getValue()) {
                if (port < 1 || port > 65535) {
                    continue;
                }
                for (String protocol : new String[] {"tcp", "udp"}) {
                    List<HostBinding> bindings = ports.computeIfAbsent(port + "/" + protocol, k -> new ArrayList<>());
                    String ip = mapping.getKey();
                    if (ip.equals("127.0.0.1")) {
                        if (network.ispn()) {
                            continue; // the key stays exposed, with no binding
                        }
                        ip = network.hostInterface();
                    }
                    bindings.add(new HostBinding(ip, Integer.toString(port)));
                }
            }
        }
        return ports;
    }

    /**
     * The data directory first, then each Panel mount whose source lies inside an allowed mount.
     * Unlike Wings (a plain string prefix, so /mnt/data allowed /mnt/database) the match respects
     * path components, and a mount may not cover the server's own directory.
     */
    static List<BindMount> mounts(ServerSettings settings, NodeConfig node, Path serverRoot) {
        List<BindMount> mounts = new ArrayList<>();
        mounts.add(new BindMount(serverRoot.toString(), CONTAINER_HOME, false));
        for (ServerSettings.Mount mount : settings.mounts()) {
            Path target = Path.of(mount.target()).normalize();
            // Docker follows symlinks in a bind source: both sides are compared as real paths (issue #10
            // item 7), and the resolved source is what Docker is given.
            Path source = Path.of(mount.source()).isAbsolute() ? realPath(Path.of(mount.source())) : null;
            boolean allowed = source != null
                    && node.allowedMounts().stream()
                            .map(allowedMount -> realPath(Path.of(allowedMount)))
                            .anyMatch(allowedMount -> allowedMount != null && source.startsWith(allowedMount));
            boolean shadowsServer = target.startsWith(CONTAINER_HOME) || target.equals(Path.of("/"));
            if (!allowed || shadowsServer || !target.isAbsolute()) {
                LOG.warn(
                        "server {}: skipping mount {} -> {} (source not under allowed_mounts, or target not allowed)",
                        settings.uuid(),
                        mount.source(),
                        mount.target());
                continue;
            }
            mounts.add(new BindMount(source.toString(), target.toString(), mount.readOnly()));
        }
        return mounts;
    }

    /**
     * The path with every existing component's symlinks resolved ({@code realpath -m}): the longest
     * existing ancestor through {@link Path#toRealPath}, the missing rest appended lexically. Null for a
     * relative path or an unreadable ancestor.
     */
    static Path realPath(Path path) {
        if (!path.isAbsolute()) {
            return null;
        }
        Path normalized = path.normalize();
        Path existing = normalized;
        Deque<Path> missing = new ArrayDeque<>();
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                for (Path part : missing) {
                    real = real.resolve(part);
                }
                return real.normalize();
            } catch (NoSuchFileException e) {
                missing.addFirst(existing.getFileName());
                existing = existing.getParent();
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    public ResourceLimits limits(ServerSettings settings, NodeConfig node) {
        return limits(settings.build(), node);
    }

    /** The limits for a build that may differ from the server's own (the installer's, §5.4). */
    public ResourceLimits limits(ServerSettings.Build build, NodeConfig node) {
        long memoryMb = build.memoryLimit();
        long memory = memoryMb == 0
                ? 0
                : Math.round(
                        memoryMb * overheadMultiplier(memoryMb, node.docker().overhead()) * 1_000_000L);
        long swap = build.swap() < 0 ? -1 : build.swap() * 1_000_000L + memory;
        boolean cpu = build.cpuLimit() > 0;
        String threads = build.threads() == null ? "" : build.threads().trim();
        return new ResourceLimits(
                memory,
                memoryMb * 1_000_000L,
                swap,
                cpu ? Optional.of(build.cpuLimit() * 1000) : Optional.empty(),
                cpu ? Optional.of(100_000L) : Optional.empty(),
                cpu ? Optional.of(1024) : Optional.empty(),
                threads.isEmpty() ? Optional.empty() : Optional.of(threads),
                (int) build.ioWeight(),
                build.oomDisabled(),
                node.docker().containerPidLimit());
    }

    static double overheadMultiplier(long memoryMb, DockerConfig.Overhead overhead) {
        if (!overhead.override()) {
            return memoryMb <= 2048 ? 1.15 : memoryMb <= 4096 ? 1.10 : 1.05;
        }
        TreeMap<Long, Double> thresholds = new TreeMap<>();
        overhead.multipliers().forEach((key, value) -> {
            try {
                thresholds.put(Long.parseLong(key.trim()), value);
            } catch (NumberFormatException e) {
                LOG.warn("docker.overhead.multipliers: ignoring non-numeric threshold '{}'", key);
            }
        });
        Map.Entry<Long, Double> match = thresholds.ceilingEntry(memoryMb);
        return match == null ? overhead.defaultMultiplier() : match.getValue();
    }
}
