package dev.pinion.health;

import com.codahale.metrics.health.HealthCheck;
import dev.pinion.environment.ContainerEngine;

/** Healthy when the Docker Engine answers a ping; says which API version it speaks. */
public final class DockerHealthCheck extends HealthCheck {
    private final ContainerEngine engine;

    public DockerHealthCheck(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Result check() {
        try {
            return Result.healthy("Docker API " + engine.ping());
        } catch (RuntimeException e) {
            return Result.unhealthy("Docker is not reachable: " + e.getMessage());
        }
    }
}
