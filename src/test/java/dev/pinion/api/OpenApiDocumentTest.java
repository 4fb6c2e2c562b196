package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.PinionConfiguration;
import dev.pinion.console.ConsoleWebSocket;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document on the admin port lists every route the running daemon's Jersey resources
 * serve: the routes are read from Jersey's own resource model, not from swagger.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiDocumentTest {
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(TestNode.create());

    private record Route(String method, String path) {}

    /** Every (method, path) Jersey serves from this resource class, path parameters without their regex. */
    private static List<Route> routes(Class<?> type) {
        List<Route> routes = new ArrayList<>();
        collect(Resource.from(type), "", routes);
        return routes;
    }

    private static void collect(Resource resource, String parent, List<Route> into) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            into.add(new Route(method.getHttpMethod().toLowerCase(Locale.ROOT), path));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, into);
        }
    }

    private static String join(String parent, String segment) {
        String clean = segment == null ? "" : segment.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        String joined = (parent + "/" + clean).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    @Test
    void everyRouteOfEveryResourceIsInTheDocument() {
        Http admin = new Http(APP.getAdminPort());
        var response = admin.send(admin.request(OpenApiDocument.PATH).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = Http.json(response);
        assertThat(document.path("openapi").asText()).startsWith("3.");

        var classes =
                OpenApiDocument.resourceClasses(APP.getEnvironment().jersey().getResourceConfig());
        assertThat(classes)
                .extracting(Class::getSimpleName)
                .contains("ServersResource", "FilesResource", "SystemResource");
        List<Route> missing = new ArrayList<>();
        int count = 0;
        for (Class<?> type : classes) {
            for (Route route : routes(type)) {
                count++;
                if (document.path("paths")
                        .path(route.path())
                        .path(route.method())
                        .isMissingNode()) {
                    missing.add(route);
                }
            }
        }
        assertThat(count).isGreaterThan(20);
        assertThat(missing).as("routes missing from the OpenAPI document").isEmpty();
    }

    @Test
    void theConsoleWebSocketServedOutsideJerseyIsInTheDocumentToo() {
        Http admin = new Http(APP.getAdminPort());
        JsonNode document =
                Http.json(admin.send(admin.request(OpenApiDocument.PATH).GET()));

        JsonNode upgrade = document.path("paths").path(ConsoleWebSocket.PATH).path("get");
        assertThat(upgrade.path("responses").has("101")).as(upgrade.toString()).isTrue();
        assertThat(upgrade.path("parameters").get(0).path("name").asText()).isEqualTo("server");
        // The upgrade takes no bearer token: the Panel's JWT comes in the first message.
        assertThat(upgrade.path("security").isArray()).isTrue();
        assertThat(upgrade.path("security")).isEmpty();
        assertThat(document.path("paths").path("/api/servers/{server}/ws/deny").has("post"))
                .isTrue();
    }

    @Test
    void theDocumentIsOnlyOnTheAdminPort() {
        Http api = new Http(APP.getLocalPort());
        assertThat(api.send(api.authorized(OpenApiDocument.PATH).GET()).statusCode())
                .isEqualTo(404);
    }
}
