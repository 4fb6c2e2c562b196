package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.TokenRevocations;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/deauthorize-user} (spec panel-to-wings-api.md §3.5, README): the user's consoles
 * close on the listed servers (all when none are listed) and tokens issued until now are refused
 * there from now on. Unknown servers are skipped.
 */
@Path("/api")
@PermitAll
@EndpointGroup("websocket")
@Produces(ApiMedia.JSON)
public final class DeauthorizeUserResource {
    private final ServerManager servers;
    private final TokenRevocations revocations;

    public DeauthorizeUserResource(ServerManager servers, TokenRevocations revocations) {
        this.servers = servers;
        this.revocations = revocations;
    }

    /** The body: whose access, and where (empty: everywhere). */
    public record DeauthorizeRequest(
            @JsonProperty("user") String user,
            @JsonProperty("servers") List<String> servers) {}

    @POST
    @Path("deauthorize-user")
    public Response deauthorize(DeauthorizeRequest request) {
        if (request == null) {
            throw ApiException.unparsable();
        }
        if (request.user() == null || request.user().isBlank()) {
            throw ApiException.validation();
        }
        List<String> listed = request.servers() == null
                ? List.of()
                : request.servers().stream().filter(Objects::nonNull).toList();
        List<String> known =
                listed.stream().filter(uuid -> servers.get(uuid).isPresent()).toList();
        if (!listed.isEmpty() && known.isEmpty()) {
            return Response.noContent().build();
        }
        revocations.deauthorize(request.user(), known);
        return Response.noContent().build();
    }
}
