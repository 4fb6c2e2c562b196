package dev.pinion.environment;

import java.time.Instant;
import java.util.Optional;

/** What inspecting a container tells: whether it runs, and how it last exited. */
public record ContainerStatus(boolean running, int exitCode, boolean oomKilled, Optional<Instant> startedAt) {}
