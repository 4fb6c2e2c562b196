package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import dev.pinion.transfer.OutgoingTransfers;
import dev.pinion.transfer.TransferException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * The source side of a transfer, called by the Panel with the node token (spec
 * panel-to-wings-api.md transfer routes; files-backups-transfers.md §6.1, §6.4). Same class path as
 * ServersResource so JAX-RS finds these methods (see PowerResource).
 */
@Path("/api/servers")
@PermitAll
@EndpointGroup("transfers")
@Produces(ApiMedia.JSON)
public final class ServerTransferResource {
    private final ServerManager servers;
    private final OutgoingTransfers outgoing;

    public ServerTransferResource(ServerManager servers, OutgoingTransfers outgoing) {
        this.servers = servers;
        this.outgoing = outgoing;
    }

    /** The Panel's body; only {@code url} and {@code token} are used, as in Wings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TransferRequest(
            @JsonProperty("url") String url,
            @JsonProperty("token") String token) {}

    /** 202 once the server is stopped and the push has started. */
    @POST
    @Path("{server}/transfer")
    public Response start(@PathParam("server") String uuid, TransferRequest request) {
        ManagedServer server = find(uuid);
        if (request == null) {
            throw ApiException.unparsable();
        }
        try {
            outgoing.start(server, request.url(), request.token());
        } catch (TransferException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        return Response.accepted().build();
    }

    /** 202 when a push was running and is now cancelled; 409 otherwise. */
    @DELETE
    @Path("{server}/transfer")
    public Response cancel(@PathParam("server") String uuid) {
        ManagedServer server = find(uuid);
        try {
            outgoing.cancel(server);
        } catch (TransferException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        return Response.accepted().build();
    }

    private ManagedServer find(String uuid) {
        return servers.get(uuid).orElseThrow(ApiException::notFound);
    }
}
