package dev.pinion.api;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Writes {@link FileBodies.FileBody} entities straight into Jetty's servlet output with
 * {@link HttpOutput#write(java.nio.ByteBuffer)}: Jersey commits the status and headers, then the file goes
 * from the channel into one reused direct buffer and from there to the socket, with no heap copy and no
 * per-chunk allocation (the StreamingOutput path copied each chunk twice). Any other container gets the
 * plain stream copy.
 */
@Provider
@Produces(MediaType.WILDCARD)
public final class FileBodyWriter implements MessageBodyWriter<FileBodies.FileBody> {
    @Context
    private HttpServletResponse response;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return FileBodies.FileBody.class.isAssignableFrom(type);
    }

    @Override
    public long getSize(
            FileBodies.FileBody body, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return body.remaining();
    }

    @Override
    public void writeTo(
            FileBodies.FileBody body,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> headers,
            OutputStream entityStream)
            throws IOException {
        if (response != null && response.getOutputStream() instanceof HttpOutput jetty) {
            // The first fill goes through Jersey's stream, which commits the status and headers; the rest
            // straight into Jetty's output behind them.
            body.writeDirect(entityStream, response::isCommitted, jetty::write);
        } else {
            body.write(entityStream);
        }
    }
}
