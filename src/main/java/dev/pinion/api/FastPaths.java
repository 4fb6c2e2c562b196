package dev.pinion.api;

import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import dev.pinion.api.auth.NodeTokenAuthenticator;
import dev.pinion.api.http.CorsFilter;
import dev.pinion.api.http.RequestIds;
import dev.pinion.config.NodeConfig;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the handler fast paths ({@link ServerDetailsFastPath}, {@link SystemFastPath}) share: which
 * requests they may answer at all, and how an answer goes out so that it is the one Jersey gives.
 */
final class FastPaths {
    private static final String BEARER = "Bearer ";
    private static final PreEncodedHttpField CONTENT_TYPE =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, ApiMedia.JSON);

    private FastPaths() {}

    /**
     * The path of a plain {@code GET} without a query string on the named connector, carrying exactly
     * {@code Bearer <node token>}; null for anything else, which is Jersey's to answer (another
     * connector, method, a query, a missing, malformed or wrong token, another spelling of the scheme).
     */
    static String nodeGet(Request request, String connector, NodeTokenAuthenticator authenticator) {
        Connector on = request.getConnectionMetaData().getConnector();
        if (on == null
                || !connector.equals(on.getName())
                || !HttpMethod.GET.is(request.getMethod())
                || request.getHttpURI().getQuery() != null) {
            return null;
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null
                || !authorization.startsWith(BEARER)
                || !authenticator.matches(authorization.substring(BEARER.length()))) {
            return null;
        }
        return request.getHttpURI().getPath();
    }

    /**
     * Sends {@code body} with the status and headers Jersey's answer has (request id, CORS, content
     * type and length); the endpoint group's timer and 2xx meter count it once it is out.
     */
    static void answer(
            Request request,
            Response response,
            Callback callback,
            NodeConfig node,
            byte[] body,
            Timer.Context timing,
            Meter ok) {
        response.setStatus(200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(RequestIds.HEADER, RequestIds.next());
        CorsFilter.headers(node, request.getHeaders().get(HttpHeader.ORIGIN), headers::put, headers::add);
        headers.put(CONTENT_TYPE);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), Callback.from(callback, () -> {
            timing.stop();
            ok.mark();
        }));
    }
}
