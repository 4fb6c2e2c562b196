package dev.pinion.api;

import dev.pinion.activity.ActivityEvents;
import dev.pinion.activity.ActivitySink;
import dev.pinion.api.errors.ApiException;
import dev.pinion.config.ConfigStore;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.metrics.EndpointGroup;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.OneTimeTokens;
import dev.pinion.tokens.SignedUrlTokens;
import dev.pinion.tokens.TokenClaims;
import jakarta.servlet.http.HttpServletRequest;
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
 * The Panel UI's upload by signed URL (spec panel-to-wings-api.md §7.5; files-backups-transfers.md
 * §4.6): a Panel-signed JWT, used once, instead of the node token; a bad token is 401, a token signed
 * for another endpoint 403, an unknown server or a used-up token Wings' 404.
 */
@Path("/")
@EndpointGroup("signed-urls")
@Produces(ApiMedia.JSON)
public final class SignedUploadResource {
    private static final Logger LOG = LoggerFactory.getLogger(SignedUploadResource.class);
    static final String NO_FORM = "Failed to get multipart form data from request.";
    static final String NO_FILES = "No files were found on the request body.";

    private final ServerManager servers;
    private final ConfigStore config;
    private final SignedUrlTokens tokens;
    private final OneTimeTokens oneTime;
    private final UploadSpool spool;
    private final ActivitySink activity;
    private final Clock clock;

    /**
     * @param spool where uploads are spooled while they arrive, and how much room it has
     * @param activity told {@code server:file.uploaded} once per stored file (spec websocket-sftp-activity.md §3.1)
     */
    public SignedUploadResource(
            ServerManager servers,
            ConfigStore config,
            SignedUrlTokens tokens,
            OneTimeTokens oneTime,
            UploadSpool spool,
            ActivitySink activity,
            Clock clock) {
        this.servers = servers;
        this.config = config;
        this.tokens = tokens;
        this.oneTime = oneTime;
        this.spool = spool;
        this.activity = activity;
        this.clock = clock;
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
        TokenClaims claims = SignedUrls.verify(() -> tokens.upload(token));
        ServerFilesystem fs = SignedUrls.server(servers, claims).filesystem();
        if (!oneTime.consume(claims)) {
            throw new ApiException(404, SignedUrls.NOT_FOUND);
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
}
