package dev.pinion.environment;

import java.util.concurrent.CompletableFuture;

/** A followed container output stream: {@link #ended()} completes when it ends, {@link #close()} stops following. */
public interface ContainerOutput extends AutoCloseable {
    /** Completes once every byte read before the end of the stream was handed on. */
    CompletableFuture<Void> ended();

    /** Stops following without touching the container. */
    @Override
    void close();
}
