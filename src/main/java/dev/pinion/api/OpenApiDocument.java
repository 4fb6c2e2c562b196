package dev.pinion.api;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The OpenAPI 3 document of the node API, generated (swagger-jaxrs2) from every Jersey resource
 * registered on the API port, once, at the first request — so resources added by any part of the
 * daemon are in it — plus the console WebSocket, which a servlet filter serves outside Jersey.
 * Served on the admin port at {@link #PATH}.
 */
public final class OpenApiDocument extends HttpServlet {
    public static final String PATH = "/openapi.json";

    private final transient ResourceConfig resources;
    private final String version;
    private final String consoleWebSocket;
    private volatile byte[] document;

    /** @param consoleWebSocket the console's upgrade route ({@code /api/servers/{server}/ws}) */
    public OpenApiDocument(ResourceConfig resources, String version, String consoleWebSocket) {
        this.resources = resources;
        this.version = version;
        this.consoleWebSocket = consoleWebSocket;
    }

    /** The resource classes of the API: every registered class or instance carrying {@code @Path}. */
    public static Set<Class<?>> resourceClasses(ResourceConfig resources) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        Stream.concat(
                        resources.getClasses().stream(),
                        resources.getInstances().stream().map(Object::getClass))
                .filter(type -> type.isAnnotationPresent(Path.class))
                .sorted(Comparator.comparing(Class::getName))
                .forEach(classes::add);
        return classes;
    }

    /** The document, as JSON. */
    public byte[] json() {
        byte[] built = document;
        if (built == null) {
            OpenAPI base = new OpenAPI()
                    .info(new Info()
                            .title("Pinion node API")
                            .version(version)
                            .description("The Wings-compatible API the Pterodactyl Panel calls on a node."))
                    .schemaRequirement(
                            "node-token",
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description("the node token from config.yml"))
                    .addSecurityItem(new SecurityRequirement().addList("node-token"));
            Reader reader = new Reader(new SwaggerConfiguration().openAPI(base).prettyPrint(true));
            OpenAPI generated = reader.read(resourceClasses(resources));
            generated.path(consoleWebSocket, consoleUpgrade());
            built = Json.pretty(generated).getBytes(StandardCharsets.UTF_8);
            document = built;
        }
        return built;
    }

    /**
     * The upgrade as the Panel's browser console makes it (spec websocket-sftp-activity.md §1): no
     * bearer token, the JWT comes in the first message.
     */
    private static PathItem consoleUpgrade() {
        return new PathItem()
                .get(new Operation()
                        .operationId("consoleWebSocket")
                        .summary("The server's console WebSocket (Wings' protocol)")
                        .description("Upgrades to a WebSocket; authenticate with the Panel's JWT in an"
                                + " {\"event\":\"auth\"} message.")
                        .security(List.of())
                        .addParametersItem(new PathParameter()
                                .name("server")
                                .description("the server's uuid")
                                .schema(new StringSchema()))
                        .responses(new ApiResponses()
                                .addApiResponse("101", new ApiResponse().description("Switching Protocols"))
                                .addApiResponse(
                                        "400",
                                        new ApiResponse()
                                                .description("not an upgrade, or the server's (or the address's)"
                                                        + " socket limit is reached"))
                                .addApiResponse("403", new ApiResponse().description("Origin not allowed"))
                                .addApiResponse("404", new ApiResponse().description("no such server"))));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = json();
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
