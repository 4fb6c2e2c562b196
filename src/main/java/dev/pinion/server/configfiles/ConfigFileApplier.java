package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.filesystem.ServerFilesystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies an egg's configuration files before a server boots, as Wings' pre-boot step does
 * (server-lifecycle-docker.md §3.2 step 5, §4), one file at a time, each independently: a failure
 * leaves that file untouched and is reported, the others are still applied.
 */
public final class ConfigFileApplier {
    private final ConfigFileStore store;
    private final Map<String, ConfigFileParser> parsers;
    private final ConfigFileEntryDecoder decoder = new ConfigFileEntryDecoder();

    /** Every file is touched through {@code filesystem}'s descriptor-based operations only. */
    public ConfigFileApplier(ServerFilesystem filesystem) {
        this(filesystem, ConfigFileStore.MAX_SIZE);
    }

    ConfigFileApplier(ServerFilesystem filesystem, long maxFileSize) {
        this.store = new ConfigFileStore(filesystem, maxFileSize);
        this.parsers = ConfigFileParsers.byName();
    }

    /**
     * @param configs {@code process_configuration.configs} exactly as the Panel sends it
     * @return one result per element of {@code configs}, in order
     */
    public List<ConfigFileResult> applyAll(JsonNode configs, ServerTemplateValues server, NodeTemplateValues node) {
        List<ConfigFileResult> results = new ArrayList<>();
        if (!configs.isArray()) {
            return results;
        }
        ReplacementResolver resolver = new ReplacementResolver(server, node);
        for (JsonNode element : configs) {
            ConfigFileEntry entry;
            try {
                entry = decoder.decode(element);
            } catch (ConfigFileException e) {
                results.add(ConfigFileResult.failed(
                        element.path("file").asText(""),
                        element.path("parser").asText(""),
                        "Could not apply a configuration file: " + e.getMessage()));
                continue;
            }
            results.add(apply(entry, resolver));
        }
        return results;
    }

    /** Applies one decoded entry. */
    public ConfigFileResult apply(ConfigFileEntry entry, ServerTemplateValues server, NodeTemplateValues node) {
        return apply(entry, new ReplacementResolver(server, node));
    }

    private ConfigFileResult apply(ConfigFileEntry entry, ReplacementResolver resolver) {
        try {
            String file = store.check(entry.file());
            store.createIfMissing(file);
            ConfigFileParser parser = parsers.get(entry.parser());
            if (parser == null) {
                return ConfigFileResult.unknownParser(entry);
            }
            byte[] before = store.read(file, entry.file());
            List<ResolvedReplacement> replacements = entry.replacements().stream()
                    .map(r -> resolver.resolve(r, parser.nodeTemplating()))
                    .toList();
            byte[] after = parser.apply(before, replacements);
            store.replace(file, after);
            return ConfigFileResult.updated(entry);
        } catch (ConfigFileException e) {
            return failure(entry, e.getMessage());
        } catch (RuntimeException e) {
            // A parser bug must cost one file, never the boot or the other files.
            return failure(entry, "unexpected error: " + e.getClass().getSimpleName());
        }
    }

    private static ConfigFileResult failure(ConfigFileEntry entry, String problem) {
        return ConfigFileResult.failed(
                entry.file(),
                entry.parser(),
                "Could not update configuration file \"" + entry.file() + "\" (" + entry.parser() + " parser): "
                        + problem);
    }
}
