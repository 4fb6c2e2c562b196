package dev.pinion.filesystem;

import java.util.Optional;

/**
 * The node's choice of deflate implementation for archives (compress, backups, transfers), made once at
 * start: libdeflate when the node has it ({@link LibDeflate}: each block its own gzip member, about three
 * times the JDK's speed), else the JDK's zlib (one member). Immutable; shared by every server.
 */
public final class GzipEngine {
    private final LibDeflate libdeflate;

    private GzipEngine(LibDeflate libdeflate) {
        this.libdeflate = libdeflate;
    }

    /** libdeflate when it loads, else the JDK's zlib. */
    public static GzipEngine detect() {
        Optional<LibDeflate> loaded = LibDeflate.load();
        return new GzipEngine(loaded.orElse(null));
    }

    /** The JDK's zlib: one gzip member of sync-flushed blocks. */
    public static GzipEngine zlib() {
        return new GzipEngine(null);
    }

    /** libdeflate: one gzip member per block. */
    public static GzipEngine libdeflate(LibDeflate library) {
        return new GzipEngine(library);
    }

    /** True when archives are written by libdeflate. */
    public boolean isLibDeflate() {
        return libdeflate != null;
    }

    /** For the start-up log line and diagnostics. */
    public String describe() {
        return libdeflate != null
                ? "libdeflate (" + libdeflate.name() + "), one gzip member per 128 KiB block"
                : "the JDK's zlib (libdeflate not found: install libdeflate0 for ~3x faster archives)";
    }

    GzipBlocks blocks(int level, int blocksInFlight) {
        return libdeflate != null
                ? new LibDeflateGzipBlocks(libdeflate, level, blocksInFlight)
                : new ZlibGzipBlocks(level, blocksInFlight);
    }
}
