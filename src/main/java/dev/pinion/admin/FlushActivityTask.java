package dev.pinion.admin;

import dev.pinion.activity.ActivityShipper;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/flush-activity}: ships the queued activity to the Panel now instead of at the
 * next {@code system.activity_send_interval} (before a planned restart, or to check a Panel fix),
 * with the shipper's own batching, drop and backoff rules. Prints what was sent and dropped.
 */
public final class FlushActivityTask extends Task {
    public static final String NAME = "flush-activity";

    private final ActivityShipper shipper;

    public FlushActivityTask(ActivityShipper shipper) {
        super(NAME);
        this.shipper = shipper;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        ActivityShipper.Result result = shipper.ship();
        output.println(result.sent() + " sent, " + result.dropped() + " dropped"
                + (result.failed() ? ", the Panel could not take the rest: retried later" : ""));
    }
}
