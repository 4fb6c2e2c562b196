package dev.pinion.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the configuration the Panel pushes with {@code POST /api/update}: the body is merged over
 * the current configuration (absent keys keep their value, objects merge, arrays replace), checked,
 * written to config.yml, and only then made live. Nothing changes when any step fails.
 */
public final class ConfigUpdater {
    /**
     * Keys an update may not change (CVE-2024-34066: a pushed config could point the node's
     * directories anywhere and make it read or write arbitrary files; the Panel location and mount
     * allow-list decide what the node trusts). Later Wings releases refuse the same keys.
     */
    static final Set<String> PROTECTED_KEYS = Set.of(
            "system.root_directory",
            "system.log_directory",
            "system.data",
            "system.archive_directory",
            "system.backup_directory",
            "system.tmp_directory",
            "system.username",
            "system.user",
            "remote",
            "allowed_mounts",
            "api.disable_remote_download",
            "pinion");

    // The Panel always sends certificate paths under this directory (it assumes certbot), so a
    // Panel update must not move the certificates an operator configured by hand.
    private static final String LETS_ENCRYPT_PREFIX = "/etc/letsencrypt/live/";

    private final ConfigStore store;
    private final Optional<Path> file;
    private final ConfigFileWriter writer;
    private final NodeConfigValidator validator;
    private final ObjectMapper mapper;

    public ConfigUpdater(
            ConfigStore store,
            Optional<Path> file,
            ConfigFileWriter writer,
            NodeConfigValidator validator,
            ObjectMapper mapper) {
        this.store = store;
        this.file = file;
        this.writer = writer;
        this.validator = validator;
        this.mapper = mapper;
    }

    /** Whether updates are applied at all ({@code ignore_panel_config_updates} turns them off). */
    public boolean acceptsUpdates() {
        return !store.current().ignorePanelConfigUpdates();
    }

    /**
     * Applies an update.
     *
     * @throws MalformedUpdateException when a value has the wrong type
     * @throws InvalidUpdateException   when the merged configuration is not valid
     * @throws IOException              when config.yml could not be written (the live config is unchanged)
     */
    public synchronized NodeConfig apply(JsonNode update) throws IOException {
        NodeConfig previous = store.current();
        ObjectNode tree = mapper.valueToTree(previous);
        if (update instanceof ObjectNode object) {
            merge(tree, object, "");
        }
        NodeConfig next;
        try {
            next = mapper.treeToValue(tree, NodeConfig.class);
        } catch (JsonProcessingException e) {
            throw new MalformedUpdateException(e.getOriginalMessage());
        }
        next = keepManualCertificates(previous, next);
        requireProtectedKeysUnchanged(previous, next);
        List<String> problems = validator.problems(next);
        if (!problems.isEmpty()) {
            throw new InvalidUpdateException(problems);
        }
        if (file.isPresent()) {
            writer.write(file.get(), next);
        }
        store.replace(next);
        return next;
    }

    private void merge(ObjectNode target, ObjectNode source, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<String> key = matchingKey(target, entry.getKey());
            JsonNode value = entry.getValue();
            // Unknown keys are ignored, as Wings ignores them; null keeps the current value.
            if (key.isEmpty() || value.isNull()) {
                continue;
            }
            String path = prefix.isEmpty() ? key.get() : prefix + "." + key.get();
            if (PROTECTED_KEYS.contains(path)) {
                continue;
            }
            JsonNode current = target.get(key.get());
            if (current instanceof ObjectNode currentObject && value instanceof ObjectNode valueObject) {
                merge(currentObject, valueObject, path);
            } else if (current instanceof ObjectNode) {
                // {"system": "x"} would replace the whole section, protected keys included, with
                // whatever the mapper makes of a scalar: refuse the type change instead.
                throw new MalformedUpdateException(path + " must be an object");
            } else {
                target.set(key.get(), value);
            }
        }
    }

    /**
     * Defence in depth after the merge: whatever a coercion or a future key alias did, no protected
     * key may differ between the previous and the next configuration.
     */
    private void requireProtectedKeysUnchanged(NodeConfig previous, NodeConfig next) {
        JsonNode before = mapper.valueToTree(previous);
        JsonNode after = mapper.valueToTree(next);
        for (String key : PROTECTED_KEYS) {
            String pointer = "/" + key.replace('.', '/');
            if (!before.at(pointer).equals(after.at(pointer))) {
                throw new MalformedUpdateException(key + " cannot be changed through the API");
            }
        }
    }

    // Wings decodes with Go's rules: names match case-insensitively, and its Go field names
    // (RootDirectory) are the YAML names without underscores.
    private static Optional<String> matchingKey(ObjectNode target, String requested) {
        if (target.has(requested)) {
            return Optional.of(requested);
        }
        String wanted = normalized(requested);
        for (Iterator<String> names = target.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (normalized(name).equals(wanted)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static String normalized(String key) {
        return key.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static NodeConfig keepManualCertificates(NodeConfig previous, NodeConfig next) {
        if (!next.api().ssl().key().startsWith(LETS_ENCRYPT_PREFIX)) {
            return next;
        }
        ApiConfig.Ssl ssl = new ApiConfig.Ssl(
                next.api().ssl().enabled(),
                previous.api().ssl().cert(),
                previous.api().ssl().key());
        ApiConfig api = new ApiConfig(
                next.api().host(),
                next.api().port(),
                ssl,
                next.api().disableRemoteDownload(),
                next.api().uploadLimit(),
                next.api().trustedProxies());
        return new NodeConfig(
                next.debug(),
                next.appName(),
                next.uuid(),
                next.tokenId(),
                next.token(),
                api,
                next.system(),
                next.docker(),
                next.throttles(),
                next.remote(),
                next.remoteQuery(),
                next.allowedMounts(),
                next.allowedOrigins(),
                next.allowCorsPrivateNetwork(),
                next.ignorePanelConfigUpdates(),
                next.pinion());
    }

    /** An update whose values have the wrong types. */
    public static final class MalformedUpdateException extends RuntimeException {
        public MalformedUpdateException(String message) {
            super(message);
        }
    }

    /** An update that would leave the configuration invalid. */
    public static final class InvalidUpdateException extends RuntimeException {
        private final List<String> problems;

        public InvalidUpdateException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
