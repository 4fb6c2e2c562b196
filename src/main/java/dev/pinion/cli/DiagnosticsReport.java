package dev.pinion.cli;

import dev.pinion.config.NodeConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The text of a {@code diagnostics} report, in Wings' layout (spec wings-to-panel-and-config.md
 * B5). The node's token and token id are never part of it: they are not printed, and any place
 * they occur anyway (a log line, Docker's output) is replaced by {@code {redacted}} — as are the
 * endpoints (Panel location, API host, certificate paths, SFTP address) unless the operator asks
 * to include them.
 */
final class DiagnosticsReport {
    static final String REDACTED = "{redacted}";
    static final String BEGIN = "---------------  generated report  ---------------";
    static final String END = "---------------   end of report    ---------------";

    private final NodeConfig config;
    private final boolean includeEndpoints;
    private final StringBuilder text = new StringBuilder();

    DiagnosticsReport(NodeConfig config, boolean includeEndpoints) {
        this.config = config;
        this.includeEndpoints = includeEndpoints;
    }

    DiagnosticsReport section(String title) {
        text.append("|\n| ").append(title).append("\n| ------------------------------\n");
        return this;
    }

    DiagnosticsReport line(String label, Object value) {
        text.append(String.format("%-20s %s%n", label + ":", value));
        return this;
    }

    DiagnosticsReport raw(String block) {
        text.append(block);
        if (!block.endsWith("\n")) {
            text.append('\n');
        }
        return this;
    }

    /** The configuration as Wings' report shows it, endpoints redacted unless included. */
    DiagnosticsReport configuration(String serverTime) {
        var system = config.system();
        section("Pinion Configuration");
        line("Panel Location", endpoint(config.remote()));
        line(
                "Internal Webserver",
                endpoint(config.api().host()) + " : " + config.api().port());
        line("SSL Enabled", config.api().ssl().enabled());
        line("SSL Certificate", endpoint(config.api().ssl().cert()));
        line("SSL Key", endpoint(config.api().ssl().key()));
        line(
                "SFTP Server",
                endpoint(system.sftp().bindAddress()) + " : " + system.sftp().bindPort());
        line("SFTP Read-Only", system.sftp().readOnly());
        line("Root Directory", system.rootDirectory());
        line("Logs Directory", system.logDirectory());
        line("Data Directory", system.data());
        line("Archive Directory", system.archiveDirectory());
        line("Backup Directory", system.backupDirectory());
        line("Username", system.username());
        line("Server Time", serverTime);
        line("Debug Mode", config.debug());
        line(
                "Admin Listener",
                endpoint(config.pinion().admin().host()) + " : "
                        + config.pinion().admin().port());
        return this;
    }

    private String endpoint(String value) {
        return includeEndpoints || value == null || value.isEmpty() ? value : REDACTED;
    }

    /** The finished report, every secret (and every endpoint unless included) replaced wherever it occurs. */
    String render() {
        String body = text.toString();
        for (String secret : scrubbed()) {
            body = body.replace(secret, REDACTED);
        }
        return BEGIN + "\n" + body + END + "\n";
    }

    private List<String> scrubbed() {
        List<String> values = new ArrayList<>();
        values.add(config.token());
        values.add(config.tokenId());
        if (!includeEndpoints) {
            values.add(config.remote());
            values.add(config.api().ssl().cert());
            values.add(config.api().ssl().key());
        }
        // Longest first, so a value containing another is replaced whole; short values (empty, "0.0.0.0"
        // style hosts) are not scrubbed throughout, they would garble unrelated text.
        return values.stream()
                .filter(v -> v != null && v.length() >= 8)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }
}
