package dev.pinion.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.api.errors.ApiException;
import dev.pinion.config.ConfigUpdater;
import dev.pinion.environment.ContainerEngine;
import dev.pinion.environment.EngineFacts;
import dev.pinion.environment.HostFacts;
import dev.pinion.metrics.EndpointGroup;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node-level endpoints: {@code GET /api/system} and {@code POST /api/update}. */
@Path("/api")
@PermitAll
@EndpointGroup("system")
@Produces(ApiMedia.JSON)
public final class SystemResource {
    private static final Logger LOG = LoggerFactory.getLogger(SystemResource.class);

    private final String version;
    private final Callable<HostFacts> host;
    private final ContainerEngine engine;
    private final ConfigUpdater updater;
    private volatile HostFacts facts;

    public SystemResource(String version, Callable<HostFacts> host, ContainerEngine engine, ConfigUpdater updater) {
        this.version = version;
        this.host = host;
        this.engine = engine;
        this.updater = updater;
    }

    /**
     * The plain shape needs only the host, so the Panel's node list shows the node as up even while
     * Docker is down (Wings fails the whole call); the {@code v=2} shape needs Docker.
     */
    @GET
    @Path("system")
    public Object system(@QueryParam("v") String shape) {
        if (!"2".equals(shape)) {
            return v1();
        }
        HostFacts facts = hostFacts();
        EngineFacts docker;
        try {
            docker = engine.facts();
        } catch (RuntimeException e) {
            LOG.error("GET /api/system?v=2: Docker did not answer", e);
            throw ApiException.unexpected();
        }
        return new SystemInformation.V2(
                version,
                new SystemInformation.Docker(
                        docker.version(),
                        new SystemInformation.Cgroups(docker.cgroupDriver(), docker.cgroupVersion()),
                        new SystemInformation.Containers(
                                docker.containersTotal(),
                                docker.containersRunning(),
                                docker.containersPaused(),
                                docker.containersStopped()),
                        new SystemInformation.Storage(docker.storageDriver(), docker.backingFilesystem()),
                        new SystemInformation.Runc(docker.runcVersion())),
                new SystemInformation.HostSystem(
                        facts.architecture(),
                        facts.cpuThreads(),
                        docker.memoryBytes(),
                        facts.kernelVersion(),
                        facts.osName().orElse(docker.operatingSystem()),
                        "linux"));
    }

    /**
     * The plain shape; the same for the daemon's whole run ({@link SystemFastPath} sends it from a copy).
     *
     * @throws ApiException when the host cannot be read
     */
    public SystemInformation.V1 v1() {
        HostFacts facts = hostFacts();
        return new SystemInformation.V1(
                facts.architecture(), facts.cpuThreads(), facts.kernelVersion(), "linux", version);
    }

    /** Applies the node configuration the Panel sends whenever a node is saved. */
    @POST
    @Path("update")
    public Map<String, Boolean> update(JsonNode body) {
        if (!updater.acceptsUpdates()) {
            return Map.of("applied", false);
        }
        if (body == null || !body.isObject()) {
            throw ApiException.unparsable();
        }
        try {
            updater.apply(body);
        } catch (ConfigUpdater.MalformedUpdateException e) {
            LOG.warn("refused configuration update from the Panel: {}", e.getMessage());
            throw ApiException.unparsable();
        } catch (ConfigUpdater.InvalidUpdateException e) {
            LOG.warn("refused configuration update from the Panel: {}", e.getMessage());
            throw ApiException.validation();
        } catch (IOException e) {
            LOG.error("could not write the configuration file; the update was not applied", e);
            throw ApiException.unexpected();
        }
        LOG.info("applied a configuration update from the Panel");
        return Map.of("applied", true);
    }

    /**
     * Read once and kept: the kernel and OS release change only with a reboot or an upgrade, which
     * restart the daemon, and the Panel asks for them on every node-list view (two file reads each).
     */
    private HostFacts hostFacts() {
        HostFacts known = facts;
        if (known != null) {
            return known;
        }
        try {
            known = host.call();
            facts = known;
            return known;
        } catch (Exception e) {
            LOG.error("cannot read host information", e);
            throw ApiException.unexpected();
        }
    }
}
