package dev.pinion.api;

import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.ErrorResponses;
import dev.pinion.backup.BackupDirectory;
import dev.pinion.backup.BackupException;
import dev.pinion.backup.BackupIds;
import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ReadableFile;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.OneTimeTokens;
import dev.pinion.tokens.SignedUrlTokens;
import dev.pinion.tokens.TokenClaims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads by signed URL, which browsers call with a Panel-signed JWT instead of the node token (spec
 * panel-to-wings-api.md §7.4; files-backups-transfers.md §4.2, §4.3, §4.5; seed 004): a server's file
 * and a local backup, each with HEAD and Range through one range implementation. A bad token is 401, a
 * token signed for another endpoint 403, an unknown server or a used-up token Wings' 404.
 */
@Path("/")
@EndpointGroup("signed-urls")
@Produces(MediaType.WILDCARD)
public final class SignedDownloadResource {
    private static final Logger LOG = LoggerFactory.getLogger(SignedDownloadResource.class);
    static final String RANGE_NOT_SATISFIABLE = "The requested range is not satisfiable.";
    static final String INVALID_BACKUP_ID = "The requested backup id is not a valid UUID.";

    private final ServerManager servers;
    private final SignedUrlTokens tokens;
    private final OneTimeTokens oneTime;
    private final BackupDirectory backups;

    public SignedDownloadResource(
            ServerManager servers, SignedUrlTokens tokens, OneTimeTokens oneTime, BackupDirectory backups) {
        this.servers = servers;
        this.tokens = tokens;
        this.oneTime = oneTime;
        this.backups = backups;
    }

    @GET
    @Path("download/file")
    public Response download(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = SignedUrls.verify(() -> tokens.download(token));
        ServerFilesystem fs = SignedUrls.server(servers, claims).filesystem();
        // The first GET binds the token to this client; it stays bound even if the file is then missing.
        if (!oneTime.bindDownload(claims, request.getRemoteAddr())) {
            throw new ApiException(404, SignedUrls.NOT_FOUND);
        }
        return respond(open(fs, claims.filePath()), headers.getHeaderString("Range"), false, request);
    }

    /** Headers only; never uses the token up (spec README decision). */
    @HEAD
    @Path("download/file")
    public Response downloadHead(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = SignedUrls.verify(() -> tokens.download(token));
        ServerFilesystem fs = SignedUrls.server(servers, claims).filesystem();
        if (!oneTime.mayPeek(claims, request.getRemoteAddr())) {
            throw new ApiException(404, SignedUrls.NOT_FOUND);
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
    public Response downloadBackup(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = backupClaims(token);
        if (!oneTime.bindDownload(claims, request.getRemoteAddr())) {
            throw new ApiException(404, SignedUrls.NOT_FOUND);
        }
        return respond(openBackup(claims), headers.getHeaderString("Range"), false, request);
    }

    /** Headers only; never uses the token up. */
    @HEAD
    @Path("download/backup")
    public Response downloadBackupHead(
            @QueryParam("token") String token, @Context HttpHeaders headers, @Context HttpServletRequest request) {
        TokenClaims claims = backupClaims(token);
        if (!oneTime.mayPeek(claims, request.getRemoteAddr())) {
            throw new ApiException(404, SignedUrls.NOT_FOUND);
        }
        return respond(openBackup(claims), headers.getHeaderString("Range"), true, request);
    }

    private TokenClaims backupClaims(String token) {
        TokenClaims claims = SignedUrls.verify(() -> tokens.backupDownload(token));
        SignedUrls.server(servers, claims);
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
                throw new ApiException(404, SignedUrls.NOT_FOUND);
            }
            throw e;
        }
    }

    private static void close(ReadableFile file) {
        try {
            file.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", file.name(), e.getMessage());
        }
    }
}
