package dev.pinion.api.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.api.http.RequestIds;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any filter or resource runs (a malformed URI, headers too
 * large): in the Wings body too, with a request id, instead of Jetty's HTML page.
 */
public final class WingsErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper = new ObjectMapper();

    public WingsErrorHandler() {
        setShowStacks(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        try {
            String id = response.getHeaders().get(RequestIds.HEADER);
            if (id == null) {
                id = UUID.randomUUID().toString();
                response.getHeaders().put(RequestIds.HEADER, id);
            }
            byte[] body = mapper.writeValueAsBytes(new WingsError(WingsMessages.forStatus(code), id));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.write(true, ByteBuffer.wrap(body), callback);
        } catch (Exception e) {
            callback.failed(e);
        }
    }
}
