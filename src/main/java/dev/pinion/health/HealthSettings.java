package dev.pinion.health;

import io.dropwizard.health.DefaultHealthFactory;
import io.dropwizard.health.HealthCheckConfiguration;
import io.dropwizard.health.HealthCheckType;
import io.dropwizard.health.Schedule;
import io.dropwizard.util.Duration;
import java.util.List;

/**
 * The {@code health:} section Pinion uses when config.yml has none: Dropwizard's scheduled health
 * checks, with Docker and the data disk critical (the node cannot run servers without them) and
 * the Panel and deadlock checks non-critical (servers keep running while the Panel is down). The
 * aggregate answers on the admin port at {@link #PATH}. A check registered under a name not
 * listed here is not scheduled (it still shows in /healthcheck): add new checks to this list.
 */
public final class HealthSettings {
    /** The admin path of the critical-checks answer: 200 when every critical check is healthy, else 503. */
    public static final String PATH = "/health-check";

    private HealthSettings() {}

    public static DefaultHealthFactory defaults() {
        DefaultHealthFactory health = new DefaultHealthFactory();
        health.setHealthCheckUrlPaths(List.of(PATH));
        health.setDelayedShutdownHandlerEnabled(false);
        health.setHealthCheckConfigurations(List.of(
                check("docker", true, Duration.seconds(5)),
                check("data-disk", true, Duration.seconds(30)),
                check("panel", false, Duration.seconds(30)),
                // A stalled transfer is the operator's to look at; the node still serves.
                check("transfers", false, Duration.seconds(30)),
                check("deadlocks", false, Duration.seconds(60))));
        return health;
    }

    private static HealthCheckConfiguration check(String name, boolean critical, Duration every) {
        Schedule schedule = new Schedule();
        schedule.setInitialDelay(Duration.seconds(0));
        schedule.setCheckInterval(every);
        // A failing check is retried at the faster pace until it recovers.
        schedule.setDowntimeInterval(Duration.seconds(Math.min(5, every.toSeconds())));
        schedule.setFailureAttempts(2);
        schedule.setSuccessAttempts(1);
        HealthCheckConfiguration check = new HealthCheckConfiguration();
        check.setName(name);
        check.setType(HealthCheckType.READY);
        check.setCritical(critical);
        // Unhealthy until the first run: a rollout must not see a daemon as healthy before it checked.
        check.setInitialState(!critical);
        check.setSchedule(schedule);
        return check;
    }
}
