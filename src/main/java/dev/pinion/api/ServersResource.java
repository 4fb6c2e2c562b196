package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.config.ConfigStore;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.panel.PanelException;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server endpoints: list, create, details, delete, logs, sync, install and reinstall
 * (spec panel-to-wings-api.md §3.3, §3.4, §4.1–4.3, §4.6–4.8).
 */
@Path("/api/servers")
@PermitAll
@EndpointGroup("servers")
@Produces(ApiMedia.JSON)
public final class ServersResource {
    private static final Logger LOG = LoggerFactory.getLogger(ServersResource.class);
    private static final Pattern UUID_V4 = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", Pattern.CASE_INSENSITIVE);

    private final ServerManager servers;
    private final ConfigStore config;
    private final ShownConfigurations configurations;

    /** @param configurations the shown configurations, shared with {@link ServerDetailsFastPath} */
    public ServersResource(ServerManager servers, ConfigStore config, ShownConfigurations configurations) {
        this.servers = servers;
        this.config = config;
        this.configurations = configurations;
    }

    /** The body of {@code POST /api/servers}. */
    public record CreateRequest(
            @JsonProperty("uuid") String uuid,
            @JsonProperty("start_on_completion") boolean startOnCompletion) {}

    private ManagedServer find(String uuid) {
        return servers.get(uuid).orElseThrow(ApiException::notFound);
    }

    private ServerDetails details(ManagedServer server) {
        return ServerDetails.of(
                server, config.current().system().crashDetection().enabled(), configurations);
    }

    @GET
    public List<ServerDetails> list() {
        return servers.all().stream().map(this::details).toList();
    }

    @POST
    public Response create(CreateRequest request) {
        if (request == null
                || request.uuid() == null
                || !UUID_V4.matcher(request.uuid()).matches()) {
            throw ApiException.validation();
        }
        try {
            servers.create(request.uuid(), request.startOnCompletion());
        } catch (PanelException e) {
            LOG.error("could not fetch the configuration of new server {}: {}", request.uuid(), e.getMessage());
            throw ApiException.unexpected();
        }
        return Response.accepted().build();
    }

    @GET
    @Path("{server}")
    public ServerDetails get(@PathParam("server") String uuid) {
        return details(find(uuid));
    }

    @DELETE
    @Path("{server}")
    public Response delete(@PathParam("server") String uuid) {
        servers.delete(find(uuid));
        configurations.forget(uuid);
        return Response.noContent().build();
    }

    /** The last {@code size} console lines (default and maximum 100). */
    @GET
    @Path("{server}/logs")
    public Map<String, List<String>> logs(@PathParam("server") String uuid, @QueryParam("size") String size) {
        ManagedServer server = find(uuid);
        int lines = 100;
        try {
            int requested = size == null ? 100 : Integer.parseInt(size.trim());
            lines = requested <= 0 || requested > 100 ? 100 : requested;
        } catch (NumberFormatException e) {
            // Wings falls back to 100 as well
        }
        List<String> last = server.console().lastLines(lines);
        Map<String, List<String>> body = new HashMap<>();
        body.put("data", last.isEmpty() ? null : last);
        return body;
    }

    @POST
    @Path("{server}/sync")
    public Response sync(@PathParam("server") String uuid) {
        ManagedServer server = find(uuid);
        try {
            server.sync().sync();
        } catch (RuntimeException e) {
            LOG.error("server {}: sync with the Panel failed: {}", uuid, e.getMessage());
            throw ApiException.unexpected();
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{server}/install")
    public Response install(@PathParam("server") String uuid) {
        ManagedServer server = find(uuid);
        servers.installInBackground(server);
        return Response.accepted().build();
    }

    @POST
    @Path("{server}/reinstall")
    public Response reinstall(@PathParam("server") String uuid) {
        ManagedServer server = find(uuid);
        if (server.power().isBusy()) {
            throw new ApiException(409, "Cannot execute server reinstall event while another power action is running.");
        }
        servers.reinstallInBackground(server);
        return Response.accepted().build();
    }
}
