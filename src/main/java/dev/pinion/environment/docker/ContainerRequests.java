package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.InstallerSpec;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of {@code POST /containers/create} and {@code POST /containers/{id}/update},
 * field for field as Wings sends them (spec §2.3, §2.8). Built as JSON rather than through
 * docker-java's model because that model sends unset fields as {@code null} and cannot express a
 * port key with an empty binding list; here an unset field is simply absent.
 */
final class ContainerRequests {
    /** Exactly the ten capabilities Wings drops. */
    static final List<String> DROPPED_CAPABILITIES = List.of(
            "setpcap",
            "mknod",
            "audit_write",
            "net_raw",
            "dac_override",
            "fowner",
            "fsetid",
            "net_bind_service",
            "sys_chroot",
            "setfcap");

    private final ObjectMapper mapper;
    private final boolean blkioWeightSupported;

    /**
     * @param blkioWeightSupported whether the host can honour a block-IO weight; when it cannot,
     *                             BlkioWeight is left out (on some cgroup-v2 hosts runc fails the
     *                             create otherwise — the Pelican fork's fix)
     */
    ContainerRequests(ObjectMapper mapper, boolean blkioWeightSupported) {
        this.mapper = mapper;
        this.blkioWeightSupported = blkioWeightSupported;
    }

    ObjectNode create(ContainerSpec spec) {
        ObjectNode body = mapper.createObjectNode();
        body.put("Hostname", spec.name());
        body.put("Domainname", spec.domainname());
        body.put("User", spec.user());
        body.put("AttachStdin", true);
        body.put("AttachStdout", true);
        body.put("AttachStderr", true);
        body.put("OpenStdin", true);
        body.put("StdinOnce", false);
        body.put("Tty", true);
        ObjectNode exposed = body.putObject("ExposedPorts");
        spec.ports().keySet().forEach(port -> exposed.putObject(port));
        ArrayNode env = body.putArray("Env");
        spec.env().forEach(env::add);
        body.put("Image", spec.image());
        ObjectNode labels = body.putObject("Labels");
        spec.labels().forEach(labels::put);

        ObjectNode host = body.putObject("HostConfig");
        ObjectNode bindings = host.putObject("PortBindings");
        for (Map.Entry<String, List<ContainerSpec.HostBinding>> port :
                spec.ports().entrySet()) {
            ArrayNode list = bindings.putArray(port.getKey());
            for (ContainerSpec.HostBinding binding : port.getValue()) {
                list.addObject().put("HostIp", binding.hostIp()).put("HostPort", binding.hostPort());
            }
        }
        ArrayNode mounts = host.putArray("Mounts");
        for (ContainerSpec.BindMount mount : spec.mounts()) {
            mounts.addObject()
                    .put("Type", "bind")
                    .put("Source", mount.source())
                    .put("Target", mount.target())
                    .put("ReadOnly", mount.readOnly());
        }
        host.putObject("Tmpfs").put("/tmp", "rw,exec,nosuid,size=" + spec.tmpfsSizeMb() + "M");
        putResources(host, spec.limits());
        ArrayNode dns = host.putArray("Dns");
        spec.dns().forEach(dns::add);
        if (!spec.logDriver().isEmpty()) {
            ObjectNode logConfig = host.putObject("LogConfig");
            logConfig.put("Type", spec.logDriver());
            ObjectNode options = logConfig.putObject("Config");
            spec.logOptions().forEach(options::put);
        }
        host.putArray("SecurityOpt").add("no-new-privileges");
        host.put("ReadonlyRootfs", true);
        ArrayNode capDrop = host.putArray("CapDrop");
        DROPPED_CAPABILITIES.forEach(capDrop::add);
        host.put("NetworkMode", spec.networkMode());
        host.put("UsernsMode", spec.usernsMode());
        return body;
    }

    /**
     * An installer's create body (spec §5.4): Wings' fields, plus the server container's isolation
     * (PID limit, dropped capabilities, no-new-privileges; README, CVE-2023-32080). Never
     * privileged, no ports, and a writable root filesystem so scripts can install packages.
     */
    ObjectNode installer(InstallerSpec spec) {
        ObjectNode body = mapper.createObjectNode();
        body.put("Hostname", spec.hostname());
        if (!spec.user().isEmpty()) {
            body.put("User", spec.user());
        }
        body.put("AttachStdin", true);
        body.put("AttachStdout", true);
        body.put("AttachStderr", true);
        body.put("OpenStdin", true);
        body.put("Tty", true);
        ArrayNode cmd = body.putArray("Cmd");
        spec.cmd().forEach(cmd::add);
        body.put("Image", spec.image());
        ArrayNode env = body.putArray("Env");
        spec.env().forEach(env::add);
        ObjectNode labels = body.putObject("Labels");
        spec.labels().forEach(labels::put);

        ObjectNode host = body.putObject("HostConfig");
        ArrayNode mounts = host.putArray("Mounts");
        for (ContainerSpec.BindMount mount : spec.mounts()) {
            mounts.addObject()
                    .put("Type", "bind")
                    .put("Source", mount.source())
                    .put("Target", mount.target())
                    .put("ReadOnly", mount.readOnly());
        }
        putResources(host, spec.limits());
        host.putObject("Tmpfs").put("/tmp", "rw,exec,nosuid,size=" + spec.tmpfsSizeMb() + "M");
        ArrayNode dns = host.putArray("Dns");
        spec.dns().forEach(dns::add);
        if (!spec.logDriver().isEmpty()) {
            ObjectNode logConfig = host.putObject("LogConfig");
            logConfig.put("Type", spec.logDriver());
            ObjectNode options = logConfig.putObject("Config");
            spec.logOptions().forEach(options::put);
        }
        host.put("Privileged", false);
        host.putArray("SecurityOpt").add("no-new-privileges");
        ArrayNode capDrop = host.putArray("CapDrop");
        DROPPED_CAPABILITIES.forEach(capDrop::add);
        host.put("NetworkMode", spec.networkMode());
        host.put("UsernsMode", spec.usernsMode());
        return body;
    }

    /** The update body: the same resources as at create, nothing else. */
    ObjectNode update(ContainerSpec.ResourceLimits limits) {
        ObjectNode body = mapper.createObjectNode();
        putResources(body, limits);
        return body;
    }

    private void putResources(ObjectNode target, ContainerSpec.ResourceLimits limits) {
        target.put("Memory", limits.memoryBytes());
        target.put("MemoryReservation", limits.memoryReservationBytes());
        target.put("MemorySwap", limits.memorySwapBytes());
        // Only when a CPU limit is set: sending them broke Java's processor detection (panel #3988).
        limits.cpuQuota().ifPresent(quota -> target.put("CpuQuota", quota));
        limits.cpuPeriod().ifPresent(period -> target.put("CpuPeriod", period));
        limits.cpuShares().ifPresent(shares -> target.put("CpuShares", shares));
        limits.cpusetCpus().filter(cpus -> !cpus.isEmpty()).ifPresent(cpus -> target.put("CpusetCpus", cpus));
        if (blkioWeightSupported) {
            target.put("BlkioWeight", limits.blkioWeight());
        }
        target.put("OomKillDisable", limits.oomKillDisable());
        target.put("PidsLimit", limits.pidsLimit());
    }
}
