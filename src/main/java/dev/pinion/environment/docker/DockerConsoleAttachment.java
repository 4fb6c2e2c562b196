package dev.pinion.environment.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.environment.ConsoleAttachment;
import dev.pinion.environment.ConsoleLineSplitter;
import dev.pinion.environment.ConsoleOutput;
import dev.pinion.environment.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hijacked {@code POST /containers/{name}/attach?stream=1&stdin=1&stdout=1&stderr=1} (no logs, so
 * old output is not replayed; spec §2.5). A reader thread splits the raw TTY stream into lines and
 * queues them for the consumer's own thread ({@link LineDelivery} bounds what is held); commands
 * travel through a {@link StdinPipe}.
 *
 * <p>{@link #ended()} completes once the stream has ended and every line read before the end was
 * handed to the consumer, or at once on {@link #close()}. Closing detaches immediately as far as the
 * consumer is concerned; the transport's socket cannot interrupt a read in progress, so the reader
 * thread itself finishes at the container's next output or exit.
 */
public final class DockerConsoleAttachment implements ConsoleAttachment {
    private static final Logger LOG = LoggerFactory.getLogger(DockerConsoleAttachment.class);
    private static final int PENDING_COMMANDS = 256;

    private final String name;
    private final DockerHttpClient.Response response;
    private final StdinPipe stdin;
    private final LineDelivery delivery;
    private volatile boolean closed;

    private DockerConsoleAttachment(
            String name, DockerHttpClient.Response response, StdinPipe stdin, LineDelivery delivery) {
        this.name = name;
        this.response = response;
        this.stdin = stdin;
        this.delivery = delivery;
    }

    /**
     * @param reader   runs the blocking read of the hijacked stream (a platform thread: see DaemonExecutors)
     * @param delivery runs the delivery of lines to {@code lines}
     */
    static DockerConsoleAttachment open(
            RawDockerApi api, String name, ConsoleOutput lines, long bufferChars, Executor reader, Executor delivery) {
        StdinPipe stdin = new StdinPipe(PENDING_COMMANDS);
        DockerHttpClient.Response response;
        try {
            response = api.open(
                    DockerHttpClient.Request.Method.POST,
                    RawDockerApi.path("/containers/{}/attach", name),
                    Map.of("stream", "1", "stdin", "1", "stdout", "1", "stderr", "1"),
                    Map.of(),
                    null,
                    stdin);
        } catch (EnvironmentException e) {
            stdin.close();
            throw new EnvironmentException(
                    "error while attaching to container " + name + ": " + RawDockerApi.rootMessage(e), e);
        }
        LineDelivery lineDelivery = new LineDelivery(bufferChars, name, lines).start(delivery);
        DockerConsoleAttachment attachment = new DockerConsoleAttachment(name, response, stdin, lineDelivery);
        reader.execute(attachment::read);
        return attachment;
    }

    private void read() {
        // Lines are stamped with the time of the read that completed them (see ConsoleOutput).
        long[] readAt = {System.currentTimeMillis()};
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(line -> {
            if (!closed) {
                delivery.offer(line, readAt[0]);
            }
        });
        byte[] buffer = new byte[ConsoleLineSplitter.READ_BUFFER_BYTES];
        try {
            // The body is never closed on its own: the response is aborted in finally instead,
            // so nothing tries to read the rest of the stream first.
            InputStream in = response.getBody();
            int read;
            while (!closed && (read = in.read(buffer)) != -1) {
                readAt[0] = System.currentTimeMillis();
                splitter.feed(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("console stream of {} broke: {}", name, RawDockerApi.rootMessage(e));
            }
        } finally {
            // The final unterminated line counts as output, whatever ended the stream.
            splitter.finish();
            delivery.finish();
            stdin.close();
            response.close();
        }
    }

    @Override
    public void write(String line) throws IOException {
        if (closed || delivery.drained().isDone()) {
            throw new IOException("not attached to instance");
        }
        stdin.send((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<Void> ended() {
        return delivery.drained();
    }

    /** Lines dropped because the consumer fell too far behind. */
    public long droppedLines() {
        return delivery.droppedLines();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        delivery.cancel();
        stdin.close();
        response.close();
    }
}
