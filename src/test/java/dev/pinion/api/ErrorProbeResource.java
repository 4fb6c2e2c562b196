package dev.pinion.api;

import dev.pinion.api.errors.ApiException;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Test-only endpoints that fail in each way a real endpoint can, to pin the error mapping. */
@Path("/api/test-probe")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public final class ErrorProbeResource {
    public record Named(@NotBlank String name) {}

    @GET
    @Path("boom")
    public String boom() {
        throw new IllegalStateException("secret internal detail");
    }

    @GET
    @Path("timeout")
    public String timeout() {
        throw ApiException.timeout();
    }

    @GET
    @Path("stopped")
    public String stopped() {
        throw ApiException.serverStopped();
    }

    @POST
    @Path("named")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> named(@Valid Named body) {
        return Map.of("name", body.name());
    }

    @GET
    @Path("client")
    public Map<String, String> client(@Context HttpServletRequest request) {
        return Map.of("address", request.getRemoteAddr());
    }
}
