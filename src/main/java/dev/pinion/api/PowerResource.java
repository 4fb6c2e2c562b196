package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.PowerAction;
import dev.pinion.server.ServerManager;
import dev.pinion.server.ServerState;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Power actions and console commands (spec panel-to-wings-api.md §4.4, §4.5). The class path is the
 * same as ServersResource's: JAX-RS picks one class by its longest literal path first, so a longer
 * one here would hide the server endpoints.
 */
@Path("/api/servers")
@PermitAll
@EndpointGroup("power")
@Produces(ApiMedia.JSON)
public final class PowerResource {
    private static final Logger LOG = LoggerFactory.getLogger(PowerResource.class);
    static final String INVALID_ACTION =
            "The power action provided was not valid, should be one of \"stop\", \"start\", \"restart\", \"kill\"";

    private final ServerManager servers;

    public PowerResource(ServerManager servers) {
        this.servers = servers;
    }

    /** The body of {@code POST .../power}. */
    public record PowerRequest(
            @JsonProperty("action") String action,
            @JsonProperty("wait_seconds") Integer waitSeconds) {}

    /** The body of {@code POST .../commands}. */
    public record CommandsRequest(@JsonProperty("commands") List<String> commands) {}

    private ManagedServer find(String uuid) {
        return servers.get(uuid).orElseThrow(ApiException::notFound);
    }

    /** Accepted at once; the action runs in the background and its refusals are only logged, as in Wings. */
    @POST
    @Path("{server}/power")
    public Response power(@PathParam("server") String uuid, PowerRequest request) {
        ManagedServer server = find(uuid);
        PowerAction action =
                request == null ? null : PowerAction.fromWire(request.action()).orElse(null);
        if (action == null) {
            throw new ApiException(422, INVALID_ACTION);
        }
        if ((action == PowerAction.START || action == PowerAction.RESTART)
                && server.server().isSuspended()) {
            throw new ApiException(400, "Cannot start or restart a server that is suspended.");
        }
        int wait = request.waitSeconds() == null ? 0 : request.waitSeconds();
        int waitSeconds = wait < 0 || wait > 300 ? 30 : wait;
        server.power().submit(action, waitSeconds).exceptionally(e -> {
            LOG.warn("server {}: power action {} not carried out: {}", uuid, action.wireName(), e.getMessage());
            return null;
        });
        return Response.accepted().build();
    }

    @POST
    @Path("{server}/commands")
    public Response commands(@PathParam("server") String uuid, CommandsRequest request) {
        ManagedServer server = find(uuid);
        // Checked before the body, as Wings does.
        if (server.server().state() == ServerState.OFFLINE || !server.console().isAttached()) {
            throw ApiException.serverStopped();
        }
        if (request == null || request.commands() == null) {
            throw ApiException.unparsable();
        }
        for (String command : request.commands()) {
            try {
                server.console().sendCommand(command);
            } catch (IOException | IllegalStateException e) {
                LOG.warn("server {}: could not send a command: {}", uuid, e.getMessage());
            }
        }
        return Response.noContent().build();
    }
}
