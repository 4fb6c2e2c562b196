package dev.pinion.environment;

/** The container engine as the core sees it; Docker is the one implementation. */
public interface ContainerEngine {
    /** Checks the engine answers; returns its API version. Throws when it does not answer. */
    String ping();

    /** Facts about the engine and the host it sees. Throws when the engine does not answer. */
    EngineFacts facts();
}
