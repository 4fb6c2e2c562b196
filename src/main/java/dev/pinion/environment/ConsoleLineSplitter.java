package dev.pinion.environment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a raw console stream (a TTY's output, or an installer's) into the lines Wings emits
 * (spec server-lifecycle-docker.md §2.5): terminators {@code \n} and {@code \r\n} are removed,
 * every {@code " \r"} inside a line becomes {@code "\r\n"}, no line is longer than
 * {@value #MAX_LINE_BYTES} bytes, empty lines are not emitted and a final unterminated line is
 * emitted at the end of the stream.
 *
 * <p>Push bytes with {@link #feed}, then call {@link #finish} once at the end. Not thread-safe: one
 * reader feeds it. Two deliberate differences from Wings' reader: an over-long line is cut into
 * {@value #MAX_LINE_BYTES}-byte pieces without losing the bytes around each cut (Wings drops the
 * rest of its current 256-byte read), and a {@code " \r"} pair is replaced even when it straddles
 * two reads (Wings replaces per read).
 */
public final class ConsoleLineSplitter {
    /** Wings' maximum emitted line length. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** Wings reads the stream 256 bytes at a time; a line is emitted as soon as its end is read. */
    public static final int READ_BUFFER_BYTES = 256;

    private final Consumer<String> lines;
    private final int maxLineBytes;
    private final LineBuffer line;
    // A '\r' just read: it is dropped if a '\n' follows, kept as content otherwise.
    private boolean pendingCarriageReturn;

    public ConsoleLineSplitter(Consumer<String> lines) {
        this(lines, MAX_LINE_BYTES);
    }

    /** With a smaller maximum line length, so tests can exercise the cut without 64 KiB lines. */
    ConsoleLineSplitter(Consumer<String> lines, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.lines = lines;
        this.maxLineBytes = maxLineBytes;
        this.line = new LineBuffer(Math.min(maxLineBytes, 1024));
    }

    /** Reads {@code in} to its end in 256-byte reads, emitting lines as they complete. */
    public static void split(InputStream in, Consumer<String> lines) throws IOException {
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(lines);
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        int read;
        while ((read = in.read(buffer)) != -1) {
            splitter.feed(buffer, 0, read);
        }
        splitter.finish();
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                pendingCarriageReturn = false;
                emit();
            } else if (b == '\r') {
                if (pendingCarriageReturn) {
                    append((byte) '\r');
                }
                pendingCarriageReturn = true;
            } else {
                if (pendingCarriageReturn) {
                    pendingCarriageReturn = false;
                    append((byte) '\r');
                }
                append(b);
            }
        }
    }

    /** Ends the stream: emits what is left as a final line. */
    public void finish() {
        if (pendingCarriageReturn) {
            pendingCarriageReturn = false;
            append((byte) '\r');
        }
        emit();
    }

    private void append(byte b) {
        if (line.size() == maxLineBytes) {
            emit();
        }
        line.write(b);
    }

    private void emit() {
        if (line.size() == 0) {
            return;
        }
        byte[] content = line.toByteArray();
        line.reset();
        replaceSpaceCarriageReturns(content);
        lines.accept(new String(content, StandardCharsets.UTF_8));
    }

    // Minecraft pads to its idea of the terminal width with " \r"; Wings turns each into a line
    // break inside the emitted line. Same length, so it can be done in place.
    private static void replaceSpaceCarriageReturns(byte[] content) {
        for (int i = 0; i + 1 < content.length; i++) {
            if (content[i] == ' ' && content[i + 1] == '\r') {
                content[i] = '\r';
                content[i + 1] = '\n';
                i++;
            }
        }
    }

    /** A byte buffer that can be emptied without giving back its storage. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer(int initialSize) {
            super(initialSize);
        }
    }
}
