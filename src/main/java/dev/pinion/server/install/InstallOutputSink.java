package dev.pinion.server.install;

import dev.pinion.environment.ConsoleLineSplitter;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Where the installer's raw output goes: every byte to the install log, and the output split into
 * lines exactly as the console splits it (spec §2.5) to {@code lines} — the {@code install output}
 * events. Fed by one reader thread.
 */
final class InstallOutputSink extends OutputStream {
    private final InstallLog log;
    private final ConsoleLineSplitter splitter;

    InstallOutputSink(InstallLog log, Consumer<String> lines) {
        this.log = log;
        this.splitter = new ConsoleLineSplitter(lines);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        log.write(bytes, offset, length);
        splitter.feed(bytes, offset, length);
    }

    /** Ends the output: a last unterminated line is emitted. */
    synchronized void finish() {
        splitter.finish();
    }
}
