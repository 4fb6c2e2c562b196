package dev.pinion.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pinion.config.ConfigFileWriter;
import dev.pinion.config.NodeConfig;
import dev.pinion.config.NodeConfigValidator;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code configure}: fetches this node's configuration from the Panel's application API and writes
 * it to config.yml atomically with mode 0600 (spec wings-to-panel-and-config.md B4). Differences
 * from Wings, on purpose: nothing is asked interactively (a missing flag is an error), the file
 * written is the one {@code --config-path} names (Wings checks that path but writes another), the
 * API key is never printed, and with {@code --override} the keys the Panel does not send (the
 * {@code pinion} section, Dropwizard's sections, local tuning) are kept.
 */
public final class ConfigureCommand extends Command {
    static final String DEFAULT_CONFIG_PATH = "/etc/pterodactyl/config.yml";
    static final String EXISTS = "Aborting process; a configuration file already exists for this node.";
    static final String REFUSED = "The authentication credentials provided were not valid.";

    private final PrintStream out;

    public ConfigureCommand() {
        this(System.out);
    }

    public ConfigureCommand(PrintStream out) {
        super("configure", "Fetches this node's configuration from the Panel and writes config.yml");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser
                .addArgument("-p", "--panel-url")
                .dest("panel_url")
                .required(true)
                .help("the Panel's base URL, e.g. https://panel.example.com");
        subparser
                .addArgument("-t", "--token")
                .dest("token")
                .required(true)
                .help("an application API key with node read permission (ptla_...)");
        subparser
                .addArgument("-n", "--node")
                .dest("node")
                .type(Long.class)
                .required(true)
                .help("the node's numeric id in the Panel");
        subparser
                .addArgument("-c", "--config-path")
                .dest("config_path")
                .setDefault(DEFAULT_CONFIG_PATH)
                .help("where to write the configuration (default " + DEFAULT_CONFIG_PATH + ")");
        subparser
                .addArgument("--override")
                .dest("override")
                .action(Arguments.storeTrue())
                .help("replace the Panel's keys in an existing configuration file");
        subparser
                .addArgument("--allow-insecure")
                .dest("allow_insecure")
                .action(Arguments.storeTrue())
                .help("do not verify the Panel's TLS certificate");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws IOException {
        Path file = Path.of(namespace.getString("config_path")).toAbsolutePath();
        if (Files.exists(file) && !namespace.getBoolean("override")) {
            throw new CommandFailure(EXISTS + " (use --override to replace it: " + file + ")");
        }
        String key = namespace.getString("token");
        if (key == null || key.isBlank()) {
            throw new CommandFailure("please provide a valid authentication token");
        }
        long node = namespace.getLong("node");
        if (node <= 0) {
            throw new CommandFailure("--node: must be the node's numeric id, got " + node);
        }
        URI endpoint = NodeConfigurationFetch.endpoint(namespace.getString("panel_url"), node);
        out.println("Fetching the node configuration from " + endpoint);
        NodeConfigurationFetch.Answer answer =
                NodeConfigurationFetch.get(endpoint, key, namespace.getBoolean("allow_insecure"));
        if (answer.status() == 401 || answer.status() == 403) {
            throw new CommandFailure(REFUSED);
        }
        if (answer.status() != 200) {
            throw new CommandFailure("An error occurred while processing this request. (HTTP " + answer.status() + ") "
                    + abbreviated(answer.body()));
        }
        write(file, parse(answer.body()));
        out.println("Successfully configured Pinion: " + file);
    }

    private static ObjectNode parse(String body) {
        ObjectMapper json = Jackson.newObjectMapper();
        try {
            if (json.readTree(body) instanceof ObjectNode object) {
                // Wings never takes allowed_mounts from the Panel (its JSON name is suppressed): the
                // host paths servers may mount stay the operator's decision.
                object.remove("allowed_mounts");
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new CommandFailure("The Panel's answer is not JSON: " + e.getOriginalMessage());
        }
        throw new CommandFailure("The Panel's answer is not a node configuration object");
    }

    /** The Panel's keys merged over whatever the file held, checked as the daemon checks it, written. */
    static void write(Path file, ObjectNode fromPanel) throws IOException {
        ObjectMapper yaml = Jackson.newObjectMapper(new YAMLFactory());
        ObjectNode document = Files.exists(file) && yaml.readTree(file.toFile()) instanceof ObjectNode existing
                ? existing
                : yaml.createObjectNode();
        merge(document, fromPanel);
        NodeConfig config;
        try {
            config = yaml.treeToValue(document, NodeConfig.class);
        } catch (JsonProcessingException e) {
            throw new CommandFailure("The Panel's configuration cannot be used: " + e.getOriginalMessage());
        }
        List<String> problems = new NodeConfigValidator().problems(config);
        if (!problems.isEmpty()) {
            throw new CommandFailure("The Panel's configuration cannot be used: " + String.join("; ", problems));
        }
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ConfigFileWriter().write(file, config);
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (target.get(entry.getKey()) instanceof ObjectNode into && entry.getValue() instanceof ObjectNode from) {
                merge(into, from);
            } else if (!entry.getValue().isNull()) {
                target.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static String abbreviated(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "..." : oneLine;
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
