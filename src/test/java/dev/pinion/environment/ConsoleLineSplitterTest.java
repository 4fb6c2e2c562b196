package dev.pinion.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line splitting of raw console output, spec server-lifecycle-docker.md §2.5 (Wings system.ScanReader). */
class ConsoleLineSplitterTest {

    private static List<String> split(String raw) throws IOException {
        List<String> lines = new ArrayList<>();
        ConsoleLineSplitter.split(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), lines::add);
        return lines;
    }

    @Test
    void newlineAndCrlfTerminatorsAreRemoved() throws IOException {
        assertThat(split("first\nsecond\r\nthird\n")).containsExactly("first", "second", "third");
    }

    @Test
    void emptyLinesAreNotEmitted() throws IOException {
        assertThat(split("\n\r\nA\n\n\r\n\nB\r\n\r\n")).containsExactly("A", "B");
    }

    @Test
    void finalUnterminatedLineIsEmittedAtEndOfStream() throws IOException {
        assertThat(split("done\npartial")).containsExactly("done", "partial");
    }

    @Test
    void nothingIsEmittedForAnEmptyStream() throws IOException {
        assertThat(split("")).isEmpty();
    }

    @Test
    void spaceCarriageReturnInsideALineBecomesCrlf() throws IOException {
        // Minecraft's terminal-width padding: one emitted line may carry embedded "\r\n".
        assertThat(split("[Server] a \rb \rc\r\n")).containsExactly("[Server] a\r\nb\r\nc");
    }

    @Test
    void loneCarriageReturnWithoutSpaceIsKept() throws IOException {
        assertThat(split("progress 10%\rprogress 20%\n")).containsExactly("progress 10%\rprogress 20%");
    }

    @Test
    void carriageReturnBeforeTheNewlineIsTheTerminatorEvenAfterASpace() throws IOException {
        // "x \r\n": the "\r\n" ends the line first, so the trailing space stays a space.
        assertThat(split("x \r\n")).containsExactly("x ");
    }

    @Test
    void trailingCarriageReturnAtEndOfStreamIsContent() throws IOException {
        assertThat(split("a\rb\r")).containsExactly("a\rb\r");
        assertThat(split("end \r")).containsExactly("end\r\n");
    }

    @Test
    void doubledCarriageReturnBeforeNewlineKeepsOne() throws IOException {
        assertThat(split("a \r\r\n")).containsExactly("a\r\n");
    }

    @Test
    void lineOfExactlyTheMaximumIsEmittedWhole() throws IOException {
        String max = "x".repeat(ConsoleLineSplitter.MAX_LINE_BYTES);
        assertThat(split(max + "\r\nnext\n")).containsExactly(max, "next");
    }

    @Test
    void longerLineIsCutIntoMaximumSizedPiecesWithoutLosingBytes() throws IOException {
        int max = ConsoleLineSplitter.MAX_LINE_BYTES;
        String line = "a".repeat(max) + "b".repeat(max) + "c".repeat(10);
        List<String> lines = split(line + "\n");
        assertThat(lines).containsExactly("a".repeat(max), "b".repeat(max), "c".repeat(10));
        assertThat(lines)
                .allSatisfy(l ->
                        assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max));
    }

    @Test
    void cutIsMeasuredInBytesNotCharacters() {
        List<String> lines = new ArrayList<>();
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(lines::add, 4);
        byte[] bytes = "abcdefgh\n".getBytes(StandardCharsets.US_ASCII);
        splitter.feed(bytes, 0, bytes.length);
        splitter.finish();
        assertThat(lines).containsExactly("abcd", "efgh");
    }

    @Test
    void crlfSplitAcrossReadsIsStillOneTerminator() {
        List<String> lines = new ArrayList<>();
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(lines::add);
        feed(splitter, "hello\r");
        assertThat(lines).isEmpty();
        feed(splitter, "\nworld \r");
        feed(splitter, "again\n");
        splitter.finish();
        assertThat(lines).containsExactly("hello", "world\r\nagain");
    }

    @Test
    void lineIsEmittedAsSoonAsItsNewlineIsRead() {
        List<String> lines = new ArrayList<>();
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(lines::add);
        feed(splitter, "ready\nhalf");
        assertThat(lines).containsExactly("ready");
    }

    @Test
    void readsTheStreamInChunksOfAtMost256Bytes() throws IOException {
        List<Integer> requested = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(("y".repeat(1000) + "\n").getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                requested.add(len);
                return super.read(b, off, len);
            }
        };
        List<String> lines = new ArrayList<>();
        ConsoleLineSplitter.split(in, lines::add);
        assertThat(requested).allSatisfy(len -> assertThat(len).isEqualTo(256));
        assertThat(lines).containsExactly("y".repeat(1000));
    }

    @Test
    void multibyteUtf8SurvivesSplitReads() {
        List<String> lines = new ArrayList<>();
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(lines::add);
        byte[] bytes = "Grüße ✓\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            splitter.feed(new byte[] {b}, 0, 1);
        }
        assertThat(lines).containsExactly("Grüße ✓");
    }

    private static void feed(ConsoleLineSplitter splitter, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length);
    }
}
