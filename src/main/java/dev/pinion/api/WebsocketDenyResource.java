package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.TokenRevocations;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code POST /api/servers/:server/ws/deny} (spec panel-to-wings-api.md §4.9): the listed jtis are
 * denied from now on. Open consoles using them stay open, as on Wings, and answer with
 * {@code jwt error} until they authenticate afresh. The class path is the servers one so JAX-RS
 * keeps routing the other server endpoints.
 */
@Path("/api/servers")
@PermitAll
@EndpointGroup("websocket")
@Produces(ApiMedia.JSON)
public final class WebsocketDenyResource {
    private final ServerManager servers;
    private final TokenRevocations revocations;

    public WebsocketDenyResource(ServerManager servers, TokenRevocations revocations) {
        this.servers = servers;
        this.revocations = revocations;
    }

    /** The body: the jtis to deny. */
    public record DenyRequest(@JsonProperty("jtis") List<String> jtis) {}

    @POST
    @Path("{server}/ws/deny")
    public Response deny(@PathParam("server") String uuid, DenyRequest request) {
        if (servers.get(uuid).isEmpty()) {
            throw ApiException.notFound();
        }
        if (request == null) {
            throw ApiException.unparsable();
        }
        if (request.jtis() != null) {
            request.jtis().stream().filter(jti -> jti != null && !jti.isEmpty()).forEach(revocations::denyJti);
        }
        return Response.noContent().build();
    }
}
