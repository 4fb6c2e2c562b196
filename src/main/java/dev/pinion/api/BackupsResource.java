package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.backup.BackupAdapter;
import dev.pinion.backup.BackupException;
import dev.pinion.backup.Backups;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * The backup endpoints (spec panel-to-wings-api.md §6, files-backups-transfers.md §5.1, §5.5, §5.6):
 * create (202, archived in the background), restore (202 after the source is checked) and delete
 * (204, then 404). Translation only: the work is in {@link Backups}. An unknown server is Wings'
 * 404; a non-UUID backup id 400 with no path built from it; an unknown adapter a validation error;
 * a backup or restore of a server that is already running one 409.
 */
@Path("/api/servers")
@PermitAll
@EndpointGroup("backups")
@Produces(ApiMedia.JSON)
public final class BackupsResource {
    private final ServerManager servers;
    private final Backups backups;

    public BackupsResource(ServerManager servers, Backups backups) {
        this.servers = servers;
        this.backups = backups;
    }

    /** The body of POST backup: {@code ignore} is the Panel's ignore lines joined with newlines. */
    public record CreateRequest(
            @JsonProperty("adapter") String adapter,
            @JsonProperty("uuid") String uuid,
            @JsonProperty("ignore") String ignore) {}

    /** The body of POST restore. */
    public record RestoreRequest(
            @JsonProperty("adapter") String adapter,
            @JsonProperty("truncate_directory") boolean truncateDirectory,
            @JsonProperty("download_url") String downloadUrl) {}

    @POST
    @Path("{server}/backup")
    public Response create(@PathParam("server") String uuid, CreateRequest request) {
        ManagedServer server = find(uuid);
        if (request == null) {
            throw ApiException.unparsable();
        }
        BackupAdapter adapter = adapter(request.adapter());
        translate(() -> backups.create(server, request.uuid(), adapter, request.ignore()));
        return Response.accepted().build();
    }

    @POST
    @Path("{server}/backup/{backup}/restore")
    public Response restore(
            @PathParam("server") String uuid, @PathParam("backup") String backup, RestoreRequest request) {
        ManagedServer server = find(uuid);
        if (request == null) {
            throw ApiException.unparsable();
        }
        // Wings binds the adapter with oneof=wings s3: anything else is a 400.
        BackupAdapter adapter = BackupAdapter.fromWire(request.adapter()).orElseThrow(ApiException::unparsable);
        translate(() -> backups.restore(server, backup, adapter, request.truncateDirectory(), request.downloadUrl()));
        return Response.accepted().build();
    }

    @DELETE
    @Path("{server}/backup/{backup}")
    public Response delete(@PathParam("server") String uuid, @PathParam("backup") String backup) {
        find(uuid);
        translate(() -> backups.delete(backup));
        return Response.noContent().build();
    }

    private ManagedServer find(String uuid) {
        return servers.get(uuid).orElseThrow(ApiException::notFound);
    }

    private static BackupAdapter adapter(String name) {
        return BackupAdapter.fromWire(name).orElseThrow(ApiException::validation);
    }

    private static void translate(Runnable call) {
        try {
            call.run();
        } catch (BackupException e) {
            int status = switch (e.kind()) {
                case NOT_FOUND -> 404;
                case INVALID -> 400;
                case BAD_ADAPTER -> 422;
                case CONFLICT -> 409;
                case BUSY -> 503;
            };
            throw new ApiException(status, status == 422 ? WingsMessages.VALIDATION : e.getMessage());
        }
    }
}
