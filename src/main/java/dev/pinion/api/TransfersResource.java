package dev.pinion.api;

import dev.pinion.api.errors.ApiException;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.transfer.IncomingTransfers;
import dev.pinion.transfer.TransferException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * The destination side of a transfer (spec files-backups-transfers.md §6.3, §6.4): the source node
 * posts the archive with the Panel-signed transfer token instead of the node token; the Panel (or an
 * operator) cancels with the node token. The body is read raw and streamed, never spooled.
 */
@Path("/api/transfers")
@EndpointGroup("transfers")
@Produces(ApiMedia.JSON)
public final class TransfersResource {
    private final IncomingTransfers incoming;

    public TransfersResource(IncomingTransfers incoming) {
        this.incoming = incoming;
    }

    /** 200 with an empty body once the server is here and the Panel accepted the success. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@Context ContainerRequest request) {
        try {
            incoming.receive(
                    request.getHeaderString(HttpHeaders.AUTHORIZATION),
                    request.getHeaderString(HttpHeaders.CONTENT_TYPE),
                    request.getEntityStream());
        } catch (TransferException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        return Response.ok().build();
    }

    /** Cancels an arriving server: 202, or 409 when none is arriving. */
    @DELETE
    @Path("{server}")
    @PermitAll
    public Response cancel(@PathParam("server") String uuid) {
        try {
            incoming.cancel(uuid);
        } catch (TransferException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        return Response.accepted().build();
    }
}
