package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.config.ConfigStore;
import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.pull.Download;
import dev.pinion.pull.GuardedHttpGet;
import dev.pinion.pull.PullException;
import dev.pinion.pull.PullRequest;
import dev.pinion.pull.RemoteDownloads;
import dev.pinion.server.ServerManager;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Remote downloads into a server (spec panel-to-wings-api.md §5.11, files-backups-transfers.md §3):
 * start one (background 202, or foreground 200 with the file's entry), list progress with Wings'
 * capitalised keys, cancel. All three answer 400 when {@code api.disable_remote_download} was set at
 * start-up, as Wings reads it once.
 */
@Path("/api/servers")
@PermitAll
@EndpointGroup("files")
@Produces(ApiMedia.JSON)
public final class PullResource {
    static final String DISABLED = "This functionality is not currently enabled on this instance.";

    private final ServerManager servers;
    private final ConfigStore config;
    private final RemoteDownloads downloads;
    private final boolean disabled;

    public PullResource(ServerManager servers, ConfigStore config, RemoteDownloads downloads, boolean disabled) {
        this.servers = servers;
        this.config = config;
        this.downloads = downloads;
        this.disabled = disabled;
    }

    /** The body of POST files/pull; {@code directory} is the deprecated alias of {@code root}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PullBody(
            @JsonProperty("url") String url,
            @JsonProperty("root") String root,
            @JsonProperty("directory") String directory,
            @JsonProperty("file_name") String fileName,
            @JsonProperty("use_header") boolean useHeader,
            @JsonProperty("foreground") boolean foreground) {}

    /** One entry of GET files/pull, with the capitalised keys Wings sends. */
    public record Progress(
            @JsonProperty("Identifier") String identifier,
            @JsonProperty("Progress") double progress) {}

    /** GET files/pull: {@code downloads} is null, not [], when there are none (as in Wings). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProgressList(@JsonProperty("downloads") List<Progress> downloads) {}

    private ServerFilesystem filesystem(String uuid) {
        ServerFilesystem fs =
                servers.get(uuid).orElseThrow(ApiException::notFound).filesystem();
        if (disabled) {
            throw new ApiException(400, DISABLED);
        }
        return fs;
    }

    @GET
    @Path("{server}/files/pull")
    public ProgressList list(@PathParam("server") String uuid) {
        filesystem(uuid);
        List<Progress> list = downloads.of(uuid).stream()
                .map(d -> new Progress(d.identifier(), d.progress()))
                .toList();
        return new ProgressList(list.isEmpty() ? null : list);
    }

    @POST
    @Path("{server}/files/pull")
    public Response start(@PathParam("server") String uuid, PullBody body) throws InterruptedException {
        ServerFilesystem fs = filesystem(uuid);
        if (body == null) {
            throw ApiException.unparsable();
        }
        String root = body.root() != null ? body.root() : body.directory();
        if (body.url() == null || body.url().isEmpty() || root == null) {
            throw new ApiException(400, WingsMessages.UNEXPECTED);
        }
        URI url;
        try {
            url = GuardedHttpGet.parse(body.url());
        } catch (PullException e) {
            throw new ApiException(400, e.getMessage());
        }
        if (!fs.diskUsage().hasSpace()) {
            throw new FilesystemException(ErrorKind.NO_DISK, root, "no space for a pull");
        }
        Download download;
        try {
            download = downloads.start(uuid, fs, new PullRequest(url, root, body.fileName(), body.useHeader()));
        } catch (PullException e) {
            throw new ApiException(400, e.getMessage());
        }
        if (!body.foreground()) {
            return Response.accepted(Map.of("identifier", download.identifier()))
                    .build();
        }
        String path;
        try {
            path = download.result().get();
        } catch (ExecutionException e) {
            // Filesystem refusals keep their kind; a refused or failed connection is a clear 400.
            if (e.getCause() instanceof FilesystemException fse) {
                throw fse;
            }
            if (e.getCause() instanceof PullException pe) {
                throw new ApiException(400, pe.getMessage());
            }
            throw new ApiException(502, "downloader: " + e.getCause().getMessage());
        }
        return Response.ok(FileEntry.of(fs.stat(path), NodeZone.of(config))).build();
    }

    /** Always 204, as Wings answers, whether or not the pull existed. */
    @DELETE
    @Path("{server}/files/pull/{download}")
    public Response cancel(@PathParam("server") String uuid, @PathParam("download") String identifier) {
        filesystem(uuid);
        downloads.cancel(uuid, identifier);
        return Response.noContent().build();
    }
}
