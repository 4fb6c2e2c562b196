package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes one element of {@code process_configuration.configs} with Wings' rules
 * (server-lifecycle-docker.md §4.2): {@code file} and {@code parser} are required; if any replacement
 * is malformed the whole replace list is dropped but the file is still opened (created if missing).
 */
final class ConfigFileEntryDecoder {

    ConfigFileEntry decode(JsonNode entry) throws ConfigFileException {
        JsonNode file = entry.path("file");
        JsonNode parser = entry.path("parser");
        if (!file.isTextual() || file.textValue().isEmpty()) {
            throw new ConfigFileException("the configuration entry has no \"file\"");
        }
        if (!parser.isTextual()) {
            throw new ConfigFileException("the configuration entry for \"" + file.textValue() + "\" has no \"parser\"");
        }
        return new ConfigFileEntry(file.textValue(), parser.textValue(), replacements(entry.path("replace")));
    }

    private static List<Replacement> replacements(JsonNode replace) {
        List<Replacement> out = new ArrayList<>();
        if (!replace.isArray()) {
            return out;
        }
        for (JsonNode r : replace) {
            JsonNode match = r.path("match");
            JsonNode ifValue = r.path("if_value");
            // "value" is the key of eggs older than replace_with; Wings still reads it.
            JsonNode with = r.has("replace_with") ? r.get("replace_with") : r.get("value");
            boolean ifValueValid = ifValue.isMissingNode() || ifValue.isNull() || ifValue.isTextual();
            if (!match.isTextual() || !ifValueValid || with == null) {
                return List.of();
            }
            out.add(new Replacement(match.textValue(), Optional.ofNullable(ifValue.textValue()), with));
        }
        return out;
    }
}
