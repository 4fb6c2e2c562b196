package dev.pinion.api.auth;

import dev.pinion.api.errors.ErrorResponses;
import dev.pinion.api.errors.WingsMessages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request no route matches — an unknown path, or a known path with an unknown method, which Wings
 * treats alike. Wings checks the node token first (401/403), then answers 404. Resources never
 * throw {@link NotFoundException} themselves (they use {@code ApiException.notFound()}), so only
 * routing misses land here and signed-URL 404s are not turned into 401s.
 */
@Provider
public final class RouteMissMapper implements ExceptionMapper<ClientErrorException> {
    private final NodeTokenAuthenticator authenticator;

    @Context
    private HttpServletRequest request;

    public RouteMissMapper(NodeTokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Response toResponse(ClientErrorException e) {
        if (!(e instanceof NotFoundException || e instanceof NotAllowedException)) {
            int status = e.getResponse().getStatus();
            return ErrorResponses.of(status, WingsMessages.forStatus(status), request);
        }
        var token = BearerCredentials.token(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            Response response = ErrorResponses.of(401, WingsMessages.MISSING_AUTH, request);
            response.getHeaders().putSingle("WWW-Authenticate", "Bearer");
            return response;
        }
        if (!authenticator.matches(token.get())) {
            return ErrorResponses.of(403, WingsMessages.FORBIDDEN, request);
        }
        return ErrorResponses.of(404, WingsMessages.NOT_FOUND, request);
    }
}
