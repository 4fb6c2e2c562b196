package dev.pinion.environment;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A live attachment to a container's console: output arrives as lines, commands go to stdin. */
public interface ConsoleAttachment extends AutoCloseable {
    /** Writes {@code line} plus "\n" to the container's stdin. */
    void write(String line) throws IOException;

    /** Completes when the output stream ends (the container exited, or the stream broke). */
    CompletableFuture<Void> ended();

    /** Detaches without touching the container. */
    @Override
    void close();
}
