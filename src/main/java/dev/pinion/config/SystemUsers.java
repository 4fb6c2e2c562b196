package dev.pinion.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the system user that owns server files and runs containers (spec server-lifecycle-docker.md
 * §6.2): in rootless mode the current user; otherwise {@code system.username}, created as a system
 * account without a home or shell when missing. The ids found go into {@code system.user}.
 */
public final class SystemUsers {
    private static final Logger LOG = LoggerFactory.getLogger(SystemUsers.class);

    /** The uid and gid to use. */
    public record Ids(int uid, int gid) {}

    public Ids resolve(SystemConfig system) {
        if (system.user().rootless().enabled()) {
            return lookup(null)
                    .orElse(new Ids(system.user().uid(), system.user().gid()));
        }
        Optional<Ids> found = lookup(system.username());
        if (found.isEmpty()) {
            create(system.username());
            found = lookup(system.username());
        }
        return found.orElseGet(() -> {
            LOG.error(
                    "system user '{}' does not exist and could not be created; using uid {} gid {} from the config",
                    system.username(),
                    system.user().uid(),
                    system.user().gid());
            return new Ids(system.user().uid(), system.user().gid());
        });
    }

    /** The ids of {@code name}, or of the current user when null. */
    private Optional<Ids> lookup(String name) {
        Optional<String> uid = run(name == null ? List.of("id", "-u") : List.of("id", "-u", name));
        Optional<String> gid = run(name == null ? List.of("id", "-g") : List.of("id", "-g", name));
        try {
            return uid.isPresent() && gid.isPresent()
                    ? Optional.of(new Ids(Integer.parseInt(uid.get()), Integer.parseInt(gid.get())))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void create(String name) {
        LOG.info("creating system user '{}'", name);
        if (run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name))
                .isEmpty()) {
            // Alpine and other busybox systems
            run(List.of("addgroup", "-S", name));
            run(List.of("adduser", "-S", "-D", "-H", "-G", name, "-s", "/sbin/nologin", name));
        }
    }

    private static Optional<String> run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
