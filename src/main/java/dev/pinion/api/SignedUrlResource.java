package dev.pinion.api;

import dev.pinion.activity.ActivityEvents;
import dev.pinion.activity.ActivitySink;
import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.ErrorResponses;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.backup.BackupDirectory;
import dev.pinion.backup.BackupException;
import dev.pinion.backup.BackupIds;
import dev.pinion.config.ConfigStore;
import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ReadableFile;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.OneTimeTokens;
import dev.pinion.tokens.SignedUrlTokens;
import dev.pinion.tokens.TokenClaims;
import dev.pinion.tokens.TokenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.glassfish.jersey.server.ContainerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-URL endpoints browsers call with a Panel-signed JWT instead of the node token (spec
 * panel-to-wings-api.md §7.4, §7.5; files-backups-transfers.md §4.2, §4.3, §4.5, §4.6; seed 004): file
 * and local-backup downloads with HEAD and Range (one range implementation for both), and multipart
 * uploads. A bad token is 401, a token signed for
 * another endpoint 403, an unknown server or a used-up token Wings' 404.
 */
@Path("/")
@EndpointGroup("signed-urls")
@Produces(MediaType.APPLICATION_JSON + ";charset=utf-8")
public final class SignedUrlResource {
    private static final Logger LOG = LoggerFactory.getLogger(SignedUrlResource.class);
    static final String NOT_FOUND = "The requested resource was not found on this server.";
    static final String INVALID_TOKEN = "The signed URL token is invalid or has expired.";
    static final String NO_FORM = "Failed to get multipart form data from request.";
    static final String NO_FILES = "No files were found on the request body.";
    static final String RANGE_NOT_SATISFIABLE = "The requested range is not satisfiable.";
    static final String INVALID_BACKUP_ID = "The requested backup id is not a valid UUID.";

    private final ServerManager servers;
    private final ConfigStore config;
    private final SignedUrlTokens tokens;
    private final OneTimeTokens oneTime;
    private final BackupDirectory backups;
    private final UploadSpool spool;
    private final ActivitySink activity;
    private final Clock clock;

    /**
     * @param spool where uploads are spooled while they arrive, and how much room it has
     * @param activity told {@code server:file.uploaded} once per stored file (spec websocket-sftp-activity.md §3.1)
     */
    public SignedUrlResource(
            ServerManager servers,
            ConfigStore config,
            SignedUrlTokens tokens,
            OneTimeTokens oneTime,
            BackupDirectory backups,
            UploadSpool spool,
            ActivitySink activity,
            Clock clock) {
        this.spool = spool;
        this.servers = servers;
        this.config = config;
        this.tokens = tokens;
        this.oneTime = oneTime;
        this.backups = backups;
        this.activity = activity;
        this.clock = clock;
    }

    @GET
    @Path("download/file")
    @Produces(MediaType.WILDCARD)
    public Response download(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = verify(() -> tokens.download(token));
        ServerFilesystem fs = server(claims).filesystem();
        // The first GET binds the token to this client; it stays bound even if the file is then missing.
        if (!oneTime.bindDownload(claims, request.getRemoteAddr())) {
            throw new ApiException(404, NOT_FOUND);
        }
        return respond(open(fs, claims.filePath()), headers.getHeaderString("Range"), false, request);
    }

    /** Headers only; never uses the token up (spec README decision). */
    @HEAD
    @Path("download/file")
    @Produces(MediaType.WILDCARD)
    public Response downloadHead(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = verify(() -> tokens.download(token));
        ServerFilesystem fs = server(claims).filesystem();
        if (!oneTime.mayPeek(claims, request.getRemoteAddr())) {
            throw new ApiException(404, NOT_FOUND);
        }
        return respond(open(fs, claims.filePath()), headers.getHeaderString("Range"), true, request);
    }

    /**
     * A local backup archive {@code <backup_directory>/<backup_uuid>.tar.gz} (spec §4.3), with the same
     * HEAD, Range and one-time-per-client rules as a file. The id must be a canonical UUID before any
     * path is built from it; the flat layout is Wings', so ownership is the Panel's signature over both
     * claims together.
     */
    @GET
    @Path("download/backup")
    @Produces(MediaType.WILDCARD)
    public Response downloadBackup(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = backupClaims(token);
        if (!oneTime.bindDownload(claims, request.getRemoteAddr())) {
            throw new ApiException(404, NOT_FOUND);
        }
        return respond(openBackup(claims), headers.getHeaderString("Range"), false, request);
    }

    /** Headers only; never uses the token up. */
    @HEAD
    @Path("download/backup")
    @Produces(MediaType.WILDCARD)
    public Response downloadBackupHead(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = backupClaims(token);
        if (!oneTime.mayPeek(claims, request.getRemoteAddr())) {
            throw new ApiException(404, NOT_FOUND);
        }
        return respond(openBackup(claims), headers.getHeaderString("Range"), true, request);
    }

    private TokenClaims backupClaims(String token) {
        TokenClaims claims = verify(() -> tokens.backupDownload(token));
        server(claims);
        if (!BackupIds.isValid(claims.backupUuid())) {
            throw new ApiException(400, INVALID_BACKUP_ID);
        }
        return claims;
    }

    private ReadableFile openBackup(TokenClaims claims) {
        try {
            return backups.open(claims.backupUuid())
                    .orElseThrow(() -> new ApiException(404, BackupException.NOT_FOUND_MESSAGE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One response for files and backups: 200, 206 or 416 with the same headers (spec §4.5). */
    private static Response respond(
            ReadableFile file, String rangeHeader, boolean headOnly, HttpServletRequest request) {
        ByteRange range = ByteRange.parse(rangeHeader, file.size());
        Response.ResponseBuilder response;
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            close(file);
            // With a body, so Jersey does not turn the 416 into a sendError that drops Content-Range.
            Response refused = ErrorResponses.of(416, RANGE_NOT_SATISFIABLE, request);
            refused.getHeaders().putSingle("Content-Range", range.contentRange());
            refused.getHeaders().putSingle("Accept-Ranges", "bytes");
            return refused;
        }
        response = range.kind() == ByteRange.Kind.PARTIAL
                ? Response.status(206).header("Content-Range", range.contentRange())
                : Response.ok();
        response.header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, range.length())
                .header(FileBodies.CONTENT_ENCODING, FileBodies.IDENTITY)
                .header("Content-Disposition", GoQuotedFilename.attachment(file.name()))
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE);
        if (headOnly) {
            close(file);
            return response.build();
        }
        return response.entity(FileBodies.range(file, range.offset(), range.length()))
                .build();
    }

    /** A directory is Wings' not-found (spec §4.2 step 5); other refusals keep their kind. */
    private static ReadableFile open(ServerFilesystem fs, String path) {
        try {
            return fs.open(path);
        } catch (FilesystemException e) {
            if (e.kind() == ErrorKind.IS_DIR) {
                throw new ApiException(404, NOT_FOUND);
            }
            throw e;
        }
    }

    /**
     * The Panel UI's upload: multipart field {@code files}, each part at most {@code api.upload_limit}
     * MiB, checked for every part before anything is written; written one by one like POST write.
     * The body is read only after the token is accepted, so no unauthenticated body is ever spooled.
     */
    @POST
    @Path("upload/file")
    public Response upload(
            @QueryParam("token") String token,
            @QueryParam("directory") String directory,
            @Context ContainerRequest request,
            @Context HttpServletRequest http) {
        TokenClaims claims = verify(() -> tokens.upload(token));
        ServerFilesystem fs = server(claims).filesystem();
        if (!oneTime.consume(claims)) {
            throw new ApiException(404, NOT_FOUND);
        }
        long limitMiB = config.current().api().uploadLimit();
        MediaType type = request.getMediaType();
        String boundary = UploadSizeGuard.boundaryOf(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (type == null || !"multipart".equalsIgnoreCase(type.getType()) || boundary == null) {
            throw new ApiException(400, NO_FORM);
        }
        // Bounded while it arrives: nothing is spooled that could not be stored.
        long budget = Math.min(fs.diskUsage().remaining(), spool.allowance());
        try (UploadForm form = UploadForm.read(
                new UploadSizeGuard(request.getEntityStream(), boundary, limitMiB, budget),
                boundary,
                spool.directory())) {
            List<UploadForm.FilePart> files = form.files();
            if (files.isEmpty()) {
                throw new ApiException(400, NO_FILES);
            }
            for (UploadForm.FilePart file : files) {
                if (file.size() > limitMiB * 1024 * 1024) {
                    throw new ApiException(
                            400,
                            "File " + baseName(file.clientName()) + " is larger than the maximum file upload size of "
                                    + limitMiB + " MB.");
                }
            }
            String target = directory == null || directory.isEmpty() ? "/" : directory;
            for (UploadForm.FilePart file : files) {
                String name = baseName(file.clientName());
                try (InputStream in = file.open()) {
                    fs.upload(target, name, in, file.size());
                }
                LOG.info(
                        "server {}: file {} uploaded to {} by user {}",
                        claims.serverUuid(),
                        name,
                        target,
                        claims.userUuid());
                activity.record(ActivityEvents.fileUploaded(
                        claims.serverUuid(),
                        claims.userUuid(),
                        http == null ? "" : http.getRemoteAddr(),
                        ActivityEvents.cleanDirectory(directory),
                        name,
                        clock.instant()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok().build();
    }

    /** Go's multipart parser keeps only the last '/'-separated component of the client's name. */
    static String baseName(String clientName) {
        int slash = clientName.lastIndexOf('/');
        return slash < 0 ? clientName : clientName.substring(slash + 1);
    }

    /** A check that yields the token's claims or refuses it. */
    private interface TokenCheck {
        TokenClaims claims() throws TokenException;
    }

    /** A token signed for another endpoint is 403; any other refusal 401 — never a 500. */
    private static TokenClaims verify(TokenCheck check) {
        try {
            return check.claims();
        } catch (TokenException e) {
            LOG.debug("signed URL token refused: {}", e.reason());
            throw e.reason() == TokenException.Reason.MISSING_SCOPE
                    ? new ApiException(403, WingsMessages.FORBIDDEN)
                    : new ApiException(401, INVALID_TOKEN);
        }
    }

    private ManagedServer server(TokenClaims claims) {
        return servers.get(claims.serverUuid()).orElseThrow(() -> new ApiException(404, NOT_FOUND));
    }

    private static void close(ReadableFile file) {
        try {
            file.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", file.name(), e.getMessage());
        }
    }
}
