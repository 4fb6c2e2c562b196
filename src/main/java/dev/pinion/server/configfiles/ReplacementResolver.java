package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns a {@link Replacement} into the text a parser writes (server-lifecycle-docker.md §4.3). */
final class ReplacementResolver {
    private final ServerPlaceholders server;
    private final NodePlaceholders node;

    ReplacementResolver(ServerTemplateValues server, NodeTemplateValues node) {
        this.server = new ServerPlaceholders(server);
        this.node = new NodePlaceholders(node);
    }

    /**
     * @param nodeTemplating false for the {@code file} parser, which Wings never runs through its
     *     {@code {{config.*}}} lookup
     */
    ResolvedReplacement resolve(Replacement r, boolean nodeTemplating) {
        JsonNode v = r.replaceWith();
        String text;
        if (v.isTextual()) {
            text = server.resolve(v.textValue());
            if (nodeTemplating) {
                text = node.resolve(text);
            }
        } else if (v.isNumber() || v.isBoolean()) {
            text = v.asText();
        } else if (v.isNull()) {
            text = "<nil>";
        } else {
            text = "<invalid>";
        }
        return new ResolvedReplacement(r.match(), r.ifValue(), text, v.isBoolean());
    }
}
