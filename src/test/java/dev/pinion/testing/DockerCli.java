package dev.pinion.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the docker command-line client, to compare what Pinion reports with what Docker itself says. */
public final class DockerCli {
    private DockerCli() {}

    /** Force-removes the named containers (volumes too); ones already gone are fine. */
    public static void removeContainers(Collection<String> names) {
        for (String name : names) {
            try {
                run("rm", "-f", "-v", name);
            } catch (IllegalStateException alreadyGone) {
                // nothing to remove
            }
        }
    }

    public static String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
