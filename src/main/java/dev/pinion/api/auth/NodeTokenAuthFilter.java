package dev.pinion.api.auth;

import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.WingsMessages;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Guards the Panel's endpoints: no well-formed {@code Bearer} header is a 401, a wrong token a 403,
 * with Wings' messages. Applied by dropwizard-auth to every resource marked {@code @PermitAll}.
 */
@Priority(Priorities.AUTHENTICATION)
public final class NodeTokenAuthFilter extends AuthFilter<String, NodePrincipal> {
    @Override
    public void filter(ContainerRequestContext request) {
        String token = BearerCredentials.token(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> new ApiException(401, WingsMessages.MISSING_AUTH));
        if (!authenticate(request, token, "Bearer")) {
            throw new ApiException(403, WingsMessages.FORBIDDEN);
        }
    }

    /** Builds the filter with its authenticator, as dropwizard-auth expects. */
    public static final class Builder extends AuthFilterBuilder<String, NodePrincipal, NodeTokenAuthFilter> {
        @Override
        protected NodeTokenAuthFilter newInstance() {
            return new NodeTokenAuthFilter();
        }
    }
}
