package dev.pinion.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.PinionConfiguration;
import dev.pinion.PinionVersion;
import dev.pinion.config.NodeConfig;
import dev.pinion.environment.EngineFacts;
import dev.pinion.environment.HostFacts;
import dev.pinion.environment.docker.DockerClients;
import dev.pinion.environment.docker.DockerEngine;
import dev.pinion.filesystem.GzipEngine;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code diagnostics <config.yml>}: prints a report for a support request — versions, the
 * configuration with every secret removed, Docker's state and the last log lines (spec
 * wings-to-panel-and-config.md B5). Unlike Wings it never uploads anything: the operator reads it
 * and decides where it goes.
 */
public final class DiagnosticsCommand extends ConfiguredCommand<PinionConfiguration> {
    /** The daemon's own log file, when a {@code logging} file appender writes one (else the journal). */
    static final List<String> LOG_FILES = List.of("pinion.log", "wings.log");

    private final PrintStream out;

    public DiagnosticsCommand() {
        this(System.out);
    }

    public DiagnosticsCommand(PrintStream out) {
        super("diagnostics", "Prints a report of versions, the redacted configuration, Docker and recent logs");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser
                .addArgument("--log-lines")
                .dest("log_lines")
                .type(Integer.class)
                .setDefault(200)
                .help("how many of the latest log lines to include (default 200)");
        subparser
                .addArgument("--include-endpoints")
                .dest("include_endpoints")
                .action(Arguments.storeTrue())
                .help("print the Panel location, listen addresses and certificate paths instead of {redacted}");
        subparser
                .addArgument("--no-logs")
                .dest("no_logs")
                .action(Arguments.storeTrue())
                .help("leave the log lines out");
    }

    @Override
    protected void run(
            Bootstrap<PinionConfiguration> bootstrap, Namespace namespace, PinionConfiguration configuration) {
        NodeConfig config = configuration.node();
        DiagnosticsReport report = new DiagnosticsReport(config, namespace.getBoolean("include_endpoints"));
        String dockerHost = DockerClients.resolveHost(config.pinion().dockerHost(), System.getenv());
        Optional<EngineFacts> docker = Optional.empty();
        String dockerError = "";
        List<Container> containers = List.of();
        try (DockerHttpClient transport = DockerClients.transport(dockerHost)) {
            DockerClient client = DockerClients.client(dockerHost, transport);
            docker = Optional.of(new DockerEngine(client, transport, Jackson.newObjectMapper()).facts());
            containers = client.listContainersCmd().exec();
        } catch (IOException | RuntimeException e) {
            dockerError = "Docker is not reachable at " + dockerHost + ": " + e.getMessage();
        }

        report.section("Versions");
        report.line("Pinion", PinionVersion.current());
        report.line("Java", Runtime.version());
        report.line("Archives", GzipEngine.detect().describe());
        report.line("Docker", docker.map(EngineFacts::version).orElse("unknown"));
        host().ifPresent(facts -> {
            report.line("Kernel", facts.kernelVersion());
            report.line("OS", facts.osName().orElse("unknown"));
        });
        report.configuration(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));

        report.section("Docker: Info");
        if (docker.isPresent()) {
            EngineFacts facts = docker.get();
            report.line("Server Version", facts.version());
            report.line("API Version", facts.apiVersion());
            report.line("Storage Driver", facts.storageDriver());
            report.line("Backing Filesystem", facts.backingFilesystem());
            report.line("Cgroup Driver", facts.cgroupDriver() + " (v" + facts.cgroupVersion() + ")");
            report.line(
                    "Containers",
                    facts.containersTotal() + " (" + facts.containersRunning() + " running, " + facts.containersPaused()
                            + " paused, " + facts.containersStopped() + " stopped)");
            report.line("Runc", facts.runcVersion());
            report.line("Memory", facts.memoryBytes());
            report.line("Operating System", facts.operatingSystem());
        } else {
            report.raw(dockerError);
        }
        report.section("Docker: Running Containers");
        StringBuilder listing =
                new StringBuilder(String.format("%-14s %-40s %-30s %s%n", "CONTAINER ID", "IMAGE", "STATUS", "NAMES"));
        for (Container container : containers) {
            listing.append(String.format(
                    "%-14s %-40s %-30s %s%n",
                    container.getId().substring(0, 12),
                    container.getImage(),
                    container.getStatus(),
                    String.join(",", container.getNames())));
        }
        report.raw(listing.toString());

        report.section("Latest Pinion Logs");
        if (namespace.getBoolean("no_logs")) {
            report.raw("Logs redacted.");
        } else {
            report.raw(latestLogs(Path.of(config.system().logDirectory()), namespace.getInt("log_lines")));
        }
        out.print(report.render());
        out.flush();
    }

    private static Optional<HostFacts> host() {
        try {
            return Optional.of(HostFacts.read());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last lines of the daemon's log file, else of its systemd journal, else a note. */
    static String latestLogs(Path logDirectory, int lines) {
        for (String name : LOG_FILES) {
            Path file = logDirectory.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return tail(file, lines);
                } catch (IOException e) {
                    return "Cannot read " + file + ": " + e.getMessage();
                }
            }
        }
        return journal(lines)
                .orElse("No logs found in " + logDirectory + " (" + String.join(", ", LOG_FILES)
                        + ") and no systemd journal for pinion.service.");
    }

    private static String tail(Path file, int lines) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                if (lines > 0) {
                    last.addLast(line);
                }
            }
        }
        return String.join("\n", last);
    }

    private static Optional<String> journal(int lines) {
        try {
            Process process = new ProcessBuilder(
                            "journalctl",
                            "--unit",
                            "pinion.service",
                            "--lines",
                            String.valueOf(lines),
                            "--no-pager",
                            "--quiet")
                    .redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readNBytes(4 * 1024 * 1024);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 && !text.isEmpty() && !text.startsWith("-- No entries")
                    ? Optional.of(text)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof CommandFailure) {
            cli.getStdErr().println(e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }
}
