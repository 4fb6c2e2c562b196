package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.config.ConfigStore;
import dev.pinion.filesystem.FileStat;
import dev.pinion.filesystem.ModeChange;
import dev.pinion.filesystem.ReadableFile;
import dev.pinion.filesystem.RenameRequest;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ServerManager;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The file endpoints of a server (spec panel-to-wings-api.md §5.1–5.10, files-backups-transfers.md
 * §1.7, §2.2, §2.3). The class path is the one every per-server resource shares, so JAX-RS does not
 * hide the others' methods behind a longer literal prefix.
 */
@Path("/api/servers")
@PermitAll
@EndpointGroup("files")
@Produces(ApiMedia.JSON)
public final class FilesResource {
    static final String MISSING_CONTENT_LENGTH = "Missing Content-Length";

    private final ServerManager servers;
    private final ConfigStore config;

    public FilesResource(ServerManager servers, ConfigStore config) {
        this.servers = servers;
        this.config = config;
    }

    /** The body of PUT rename. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RenameBody(
            @JsonProperty("root") String root,
            @JsonProperty("files") List<RenameRequest> files) {}

    /** The body of POST copy. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CopyBody(@JsonProperty("location") String location) {}

    /** The body of POST create-directory. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CreateDirectoryBody(
            @JsonProperty("name") String name,
            @JsonProperty("path") String path) {}

    /** The body of POST delete and POST compress. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FilesBody(
            @JsonProperty("root") String root,
            @JsonProperty("files") List<String> files) {}

    /** The body of POST chmod; a JSON number mode is read as its digits (spec §5.10 recommendation). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChmodBody(
            @JsonProperty("root") String root,
            @JsonProperty("files") List<ModeChange> files) {}

    /** The body of POST decompress. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DecompressBody(
            @JsonProperty("root") String root,
            @JsonProperty("file") String file) {}

    private ServerFilesystem filesystem(String uuid) {
        return servers.get(uuid).orElseThrow(ApiException::notFound).filesystem();
    }

    /** Wings' answer to a failed {@code binding:"required"} rule or a body that is not an object. */
    private static ApiException badBody() {
        return new ApiException(400, WingsMessages.UNEXPECTED);
    }

    private static <T> T body(T value) {
        if (value == null) {
            throw ApiException.unparsable();
        }
        return value;
    }

    /** §5.1: the raw bytes with an exact Content-Length (the Panel refuses big files by that header). */
    @GET
    @Path("{server}/files/contents")
    @Produces(MediaType.WILDCARD)
    public Response contents(
            @PathParam("server") String uuid,
            @QueryParam("file") String file,
            @QueryParam("download") String download) {
        ServerFilesystem fs = filesystem(uuid);
        ReadableFile open = fs.open(trimLeadingSlashes(file));
        Response.ResponseBuilder response = Response.ok(FileBodies.range(open, 0, open.size()))
                .header("X-Mime-Type", open.mime())
                .header(HttpHeaders.CONTENT_LENGTH, open.size())
                .header(FileBodies.CONTENT_ENCODING, FileBodies.IDENTITY);
        if (download != null && !download.isEmpty()) {
            response.header("Content-Disposition", GoQuotedFilename.attachment(open.name()))
                    .type(MediaType.APPLICATION_OCTET_STREAM_TYPE);
        } else {
            response.type(open.mime());
        }
        return response.build();
    }

    /** §5.2: the entries, directories first then by name; {@code []} when empty. */
    @GET
    @Path("{server}/files/list-directory")
    public List<FileEntry> listDirectory(@PathParam("server") String uuid, @QueryParam("directory") String directory) {
        ServerFilesystem fs = filesystem(uuid);
        var zone = NodeZone.of(config);
        return fs.listDirectory(directory == null ? "/" : directory).stream()
                .map(s -> FileEntry.of(s, zone))
                .toList();
    }

    /** §5.3. */
    @PUT
    @Path("{server}/files/rename")
    public Response rename(@PathParam("server") String uuid, RenameBody request) {
        ServerFilesystem fs = filesystem(uuid);
        RenameBody body = body(request);
        List<RenameRequest> files = body.files() == null ? List.of() : body.files();
        for (RenameRequest pair : files) {
            if (pair == null || pair.from() == null || pair.to() == null) {
                throw badBody();
            }
        }
        fs.rename(rootOf(body.root()), files);
        return Response.noContent().build();
    }

    /** §5.4: a copy next to the original, named as Wings names it. */
    @POST
    @Path("{server}/files/copy")
    public Response copy(@PathParam("server") String uuid, CopyBody request) {
        ServerFilesystem fs = filesystem(uuid);
        String location = body(request).location();
        if (location == null || location.isEmpty()) {
            throw badBody();
        }
        fs.copy(location);
        return Response.noContent().build();
    }

    /**
     * §5.5: the raw body (the Panel labels it JSON; it is not), read straight from the servlet stream so
     * no JSON reader or body limit touches it. Bounded by the quota and Content-Length only.
     */
    @POST
    @Path("{server}/files/write")
    @Consumes(MediaType.WILDCARD)
    public Response write(
            @PathParam("server") String uuid, @QueryParam("file") String file, @Context HttpServletRequest request) {
        ServerFilesystem fs = filesystem(uuid);
        long length = request.getContentLengthLong();
        if (length < 0) {
            throw new ApiException(400, MISSING_CONTENT_LENGTH);
        }
        try {
            fs.write("/" + trimLeadingSlashes(file), request.getInputStream(), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.noContent().build();
    }

    /** §5.6: {@code mkdir -p path/name}. */
    @POST
    @Path("{server}/files/create-directory")
    public Response createDirectory(@PathParam("server") String uuid, CreateDirectoryBody request) {
        ServerFilesystem fs = filesystem(uuid);
        CreateDirectoryBody body = body(request);
        if (body.name() == null || body.path() == null) {
            throw badBody();
        }
        fs.createDirectory(body.name(), body.path());
        return Response.noContent().build();
    }

    /** §5.7. */
    @POST
    @Path("{server}/files/delete")
    public Response delete(@PathParam("server") String uuid, FilesBody request) {
        ServerFilesystem fs = filesystem(uuid);
        FilesBody body = body(request);
        fs.delete(rootOf(body.root()), filesOf(body.files()));
        return Response.noContent().build();
    }

    /** §5.10: octal string modes, never through a symlink (GHSA-rhq6-9rgh-v45c). */
    @POST
    @Path("{server}/files/chmod")
    public Response chmod(@PathParam("server") String uuid, ChmodBody request) {
        ServerFilesystem fs = filesystem(uuid);
        ChmodBody body = body(request);
        List<ModeChange> files = body.files() == null ? List.of() : body.files();
        for (ModeChange change : files) {
            if (change == null || change.file() == null || change.mode() == null) {
                throw badBody();
            }
        }
        fs.chmod(rootOf(body.root()), files);
        return Response.noContent().build();
    }

    /** §5.8: 200 with the new archive's entry, MIME forced to application/tar+gzip. */
    @POST
    @Path("{server}/files/compress")
    public FileEntry compress(@PathParam("server") String uuid, FilesBody request) {
        ServerFilesystem fs = filesystem(uuid);
        FilesBody body = body(request);
        FileStat stat = fs.compress(rootOf(body.root()), filesOf(body.files()));
        return FileEntry.of(stat, NodeZone.of(config));
    }

    /** §5.9: extraction into {@code root}; a bare .gz is decompressed next to itself (spec README). */
    @POST
    @Path("{server}/files/decompress")
    public Response decompress(@PathParam("server") String uuid, DecompressBody request) {
        ServerFilesystem fs = filesystem(uuid);
        DecompressBody body = body(request);
        if (body.file() == null || body.file().isEmpty()) {
            throw badBody();
        }
        fs.decompress(rootOf(body.root()), body.file());
        return Response.noContent().build();
    }

    private static String rootOf(String root) {
        return root == null || root.isEmpty() ? "/" : root;
    }

    private static List<String> filesOf(List<String> files) {
        if (files == null) {
            return List.of();
        }
        for (String file : files) {
            if (file == null) {
                throw badBody();
            }
        }
        return files;
    }

    static String trimLeadingSlashes(String path) {
        String value = path == null ? "" : path;
        int i = 0;
        while (i < value.length() && value.charAt(i) == '/') {
            i++;
        }
        return value.substring(i);
    }
}
