package dev.pinion.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * CPU seconds for benchmarks on a shared machine, where wall time depends on the share of the cores each
 * side got: this JVM's (all threads) and a shell pipeline's (its children's, from bash's {@code times}).
 */
final class CpuSeconds {
    private CpuSeconds() {}

    /** This JVM's CPU time so far, in nanoseconds. */
    static long processNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Children's user+system seconds from bash's {@code times} (its last line: "1m2.500s 0m1.000s"). */
    static double children(String timesOutput) {
        String[] lines = timesOutput.strip().split("\n");
        double total = 0;
        for (String field : lines[lines.length - 1].trim().split("\\s+")) {
            int m = field.indexOf('m');
            total += Double.parseDouble(field.substring(0, m)) * 60
                    + Double.parseDouble(field.substring(m + 1, field.length() - 1));
        }
        return total;
    }
}
