package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code yaml}/{@code yml} parser (server-lifecycle-docker.md §4.4): the first document must be a
 * mapping (an empty file is an empty mapping); the result is written in yaml.v3's style. Comments are
 * dropped as in Wings; key order and integers are kept (spec README decision).
 */
final class YamlConfigParser implements ConfigFileParser {
    private final TreePathEditor editor = new TreePathEditor();
    private final GoYamlWriter writer = new GoYamlWriter();

    @Override
    public byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException {
        JsonNode root = YamlReader.read(new String(content, StandardCharsets.UTF_8));
        if (root == null || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new ConfigFileException("the top level of the file is not a YAML mapping");
        }
        for (ResolvedReplacement r : replacements) {
            editor.apply((ObjectNode) root, r);
        }
        return writer.write((ObjectNode) root).getBytes(StandardCharsets.UTF_8);
    }
}
