package dev.pinion.server.configfiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code yaml}/{@code yml} parser (server-lifecycle-docker.md §4.4): the first document must be a
 * mapping (an empty file is an empty mapping); the result is written in yaml.v3's style. Comments are
 * dropped as in Wings; key order and integers are kept (spec README decision).
 */
final class YamlConfigParser implements ConfigFileParser {
  private final YAMLMapper mapper = new YAMLMapper();
  private final TreePathEditor editor = new TreePathEditor();
  private final GoYamlWriter writer = new GoYamlWriter();

  @Override
  public byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException {
    JsonNode root;
    try {
      root = mapper.readTree(content);
    } catch (JsonProcessingException e) {
      throw new ConfigFileException("invalid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")
          + JsonConfigParser.location(e));
    } catch (IOException e) {
      throw new ConfigFileException("invalid YAML: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
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
