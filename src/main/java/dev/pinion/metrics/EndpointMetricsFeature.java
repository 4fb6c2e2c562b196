package dev.pinion.metrics;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Counts and times requests per endpoint group ({@code pinion.api.<group>.requests}) and counts
 * responses by status class ({@code pinion.api.<group>.responses.4xx}), for every resource
 * annotated with {@link EndpointGroup}. Refusals before the resource (auth) are counted too.
 */
public final class EndpointMetricsFeature implements DynamicFeature {
    private static final String TIMER_PROPERTY = "dev.pinion.metrics.timer";

    private final MetricRegistry registry;

    public EndpointMetricsFeature(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        EndpointGroup group = resourceInfo.getResourceClass().getAnnotation(EndpointGroup.class);
        if (group != null) {
            context.register(GroupFilter.of(registry, "pinion.api." + group.value()), 1);
        }
    }

    /** The group's timer and status-class meters, looked up once: a request only marks them. */
    private record GroupFilter(Timer requests, Meter[] responses)
            implements ContainerRequestFilter, ContainerResponseFilter {
        static GroupFilter of(MetricRegistry registry, String prefix) {
            Meter[] responses = new Meter[6];
            for (int statusClass = 1; statusClass <= 5; statusClass++) {
                responses[statusClass] = registry.meter(prefix + ".responses." + statusClass + "xx");
            }
            return new GroupFilter(registry.timer(prefix + ".requests"), responses);
        }

        @Override
        public void filter(ContainerRequestContext request) {
            request.setProperty(TIMER_PROPERTY, requests.time());
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (request.getProperty(TIMER_PROPERTY) instanceof Timer.Context timing) {
                timing.stop();
            }
            int statusClass = response.getStatus() / 100;
            if (statusClass >= 1 && statusClass <= 5) {
                responses[statusClass].mark();
            }
        }
    }
}
