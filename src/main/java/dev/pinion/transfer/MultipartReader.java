package dev.pinion.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code multipart/form-data} body part by part as it arrives, never buffering a part: each
 * part's content is a stream that ends at the next boundary (RFC 2046 §5.1.1). The transfer body is
 * hostile input, so the headers of a part have a byte budget and a body that ends before its closing
 * boundary is an error, never a short part taken as complete.
 */
final class MultipartReader {
    private static final int HEADER_BUDGET = 16 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int position;
    private int limit;
    /** No delimiter begins in [position, scanned): each buffered byte is scanned once, not per read. */
    private int scanned;

    private boolean eof;
    private PartStream current;
    private boolean finished;

    /** One part: its form field name ({@code name} of Content-Disposition; empty if none) and content. */
    record Part(String name, InputStream content) {}

    MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("invalid multipart boundary");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        // The first boundary may open the body without a line break before it.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
        current = new PartStream();
    }

    /** The boundary parameter of a {@code multipart/*} Content-Type; empty when it is not multipart. */
    static Optional<String> boundary(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] pieces = contentType.split(";");
        if (!pieces[0].trim().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return Optional.empty();
        }
        for (int i = 1; i < pieces.length; i++) {
            String piece = pieces[i].trim();
            int equals = piece.indexOf('=');
            if (equals > 0 && piece.substring(0, equals).trim().equalsIgnoreCase("boundary")) {
                String value = piece.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The next part, the previous one skipped if unread; empty after the closing boundary. */
    Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        current.skipRest();
        // After a delimiter: "--" closes the body, otherwise optional whitespace then CRLF.
        if (peek(0) == '-' && peek(1) == '-') {
            finished = true;
            return Optional.empty();
        }
        while (peek(0) == ' ' || peek(0) == '\t') {
            position++;
        }
        if (peek(0) != '\r' || peek(1) != '\n') {
            throw new IOException("malformed multipart boundary line");
        }
        position += 2;
        String name = readHeaders();
        current = new PartStream();
        return Optional.of(new Part(name, current));
    }

    /** Reads a part's header lines up to the blank line; returns the form field name. */
    private String readHeaders() throws IOException {
        String name = "";
        int used = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = peek(0);
                if (b < 0) {
                    throw new EOFException("multipart body ended inside part headers");
                }
                position++;
                if (++used > HEADER_BUDGET) {
                    throw new IOException("multipart part headers too large");
                }
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (line.isEmpty()) {
                return name;
            }
            String header = line.toString();
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                name = parameter(header.substring(colon + 1), "name");
            }
        }
    }

    private static String parameter(String value, String key) {
        for (String piece : value.split(";")) {
            String p = piece.trim();
            int equals = p.indexOf('=');
            if (equals > 0 && p.substring(0, equals).trim().equalsIgnoreCase(key)) {
                String v = p.substring(equals + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return "";
    }

    /** The byte at {@code position + offset}, filling the buffer as needed; -1 at end of input. */
    private int peek(int offset) throws IOException {
        while (limit - position <= offset) {
            if (!fill()) {
                return -1;
            }
        }
        return buffer[position + offset] & 0xff;
    }

    /** Moves unread bytes to the front and reads more; false at end of input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            scanned = Math.max(0, scanned - position);
            position = 0;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /**
     * Index of the delimiter in the buffered bytes, or -1. Resumes where the last scan stopped, so a
     * consumer reading in small pieces does not rescan the whole buffer on every read.
     */
    private int findDelimiter() {
        int last = limit - delimiter.length;
        byte first = delimiter[0];
        outer:
        for (int i = Math.max(position, scanned); i <= last; i++) {
            if (buffer[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            scanned = i;
            return i;
        }
        scanned = Math.max(position, last + 1);
        return -1;
    }

    /** One part's content: ends (returns -1) just before the delimiter, which it then consumes. */
    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                int found = findDelimiter();
                if (found == position) {
                    position += delimiter.length;
                    ended = true;
                    return -1;
                }
                // Bytes that cannot begin a delimiter can be handed out already.
                int available = found >= 0 ? found - position : limit - position - (delimiter.length - 1);
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buffer, position, b, off, n);
                    position += n;
                    return n;
                }
                if (!fill()) {
                    throw new EOFException("multipart body ended before its closing boundary");
                }
            }
        }

        void skipRest() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // discarded: a part nobody asked for
            }
        }

        /** Closing a part does not close the body: the next part follows. */
        @Override
        public void close() {}
    }
}
