package dev.pinion.server.configfiles;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code json} parser (server-lifecycle-docker.md §4.4): strict JSON in, Go-formatted JSON out;
 * an empty file is a parse error (Wings: "unexpected end of JSON input") and stays empty.
 */
final class JsonConfigParser implements ConfigFileParser {
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    // Go has no string-length limit; any file under the 64 MiB cap must parse.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength((int) ConfigFileStore.MAX_SIZE)
                            .maxNumberLength((int) ConfigFileStore.MAX_SIZE)
                            // every value, key and container start/end is a token: 2 per node bounds the tree
                            .maxTokenCount(2 * ConfigFileStore.MAX_NODES)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final TreePathEditor editor = new TreePathEditor();
    private final GoJsonWriter writer = new GoJsonWriter();

    @Override
    public byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException {
        JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (JsonProcessingException e) {
            throw new ConfigFileException("invalid JSON: " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new ConfigFileException("invalid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigFileException("invalid JSON: unexpected end of JSON input");
        }
        if (!replacements.isEmpty() && !root.isObject()) {
            throw new ConfigFileException("the top level of the file is not a JSON object");
        }
        for (ResolvedReplacement r : replacements) {
            editor.apply((ObjectNode) root, r);
        }
        return writer.write(root).getBytes(StandardCharsets.UTF_8);
    }

    static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
