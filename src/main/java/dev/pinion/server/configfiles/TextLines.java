package dev.pinion.server.configfiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits text into lines as Go's bufio.ScanLines does: on \n, dropping one trailing \r per line. */
final class TextLines {
    private TextLines() {}

    /** Refuses more than {@link ConfigFileStore#MAX_NODES} lines: the node budget of line-based files. */
    static List<String> split(byte[] content) throws ConfigFileException {
        String text = new String(content, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            if (lines.size() >= ConfigFileStore.MAX_NODES) {
                throw tooManyLines();
            }
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end + 1;
        }
        return lines;
    }

    static ConfigFileException tooManyLines() {
        return new ConfigFileException("the file has more than " + ConfigFileStore.MAX_NODES
                + " lines, above the budget for configuration files, so it was not changed");
    }
}
