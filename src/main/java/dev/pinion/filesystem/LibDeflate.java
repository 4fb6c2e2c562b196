package dev.pinion.filesystem;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * libdeflate, the whole-buffer DEFLATE library (Debian package {@code libdeflate0}), bound through
 * {@code java.lang.foreign} when the node has it. The archive writer ({@link ParallelGzipOutputStream})
 * uses it to turn each block into one gzip member.
 *
 * <p>Why: deflate is ~90 % of an archive's CPU. The JDK's {@code Deflater} runs the zlib the JDK bundles
 * (Temurin 25: zlib 1.3.2 inside libzip.so) at ~33 MB/s per core at level 1 on a backup's mix, a third
 * slower than pigz with Debian's zlib (~45 MB/s); libdeflate does ~95 MB/s with a slightly better ratio
 * (measured on one 75 MiB mix of random and base64 text, 128 KiB blocks). Its price is that it only
 * compresses whole buffers, so every block is its own gzip member: a concatenation of members is one gzip
 * file to every reader (RFC 1952 §2.2; Go's compress/gzip and pgzip read it as one stream by default,
 * as do GNU gzip, pigz, Python and commons-compress with {@code decompressConcatenated}).
 *
 * <p>A node without the library keeps the JDK's zlib and a single member (see {@link #load}); nothing
 * else changes.
 */
public final class LibDeflate {
    /** The names the shared object has on Debian/Ubuntu (runtime package) and elsewhere (dev symlink). */
    private static final List<String> NAMES = List.of("libdeflate.so.0", "libdeflate.so");

    private final MethodHandle alloc;
    private final MethodHandle free;
    private final MethodHandle gzipCompress;
    private final MethodHandle gzipBound;
    private final String name;

    private LibDeflate(SymbolLookup library, String name) {
        Linker linker = Linker.nativeLinker();
        this.name = name;
        this.alloc = linker.downcallHandle(
                find(library, "libdeflate_alloc_compressor"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        this.free = linker.downcallHandle(
                find(library, "libdeflate_free_compressor"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        // critical: the blocks are heap arrays; libdeflate neither calls back nor blocks, and a call is a
        // few milliseconds at most (a 128 KiB block at level 9), so pinning them beats copying them out.
        this.gzipCompress = linker.downcallHandle(
                find(library, "libdeflate_gzip_compress"),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG),
                Linker.Option.critical(true));
        this.gzipBound = linker.downcallHandle(
                find(library, "libdeflate_gzip_compress_bound"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    /** The library if this node has it (and it has the calls we bind), else empty. */
    public static Optional<LibDeflate> load() {
        for (String candidate : NAMES) {
            try {
                // Global: the library stays mapped for the daemon's life, as any linked library would.
                return Optional.of(new LibDeflate(SymbolLookup.libraryLookup(candidate, Arena.global()), candidate));
            } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
                // Not installed under this name (or too old to have gzip_compress_bound): try the next.
            }
        }
        return Optional.empty();
    }

    private static MemorySegment find(SymbolLookup library, String symbol) {
        return library.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError("libdeflate has no " + symbol));
    }

    /** The shared object this was loaded from, for the start-up log line. */
    public String name() {
        return name;
    }

    /**
     * A compressor at {@code level} (0 = stored blocks, 1–12; zlib's 1–9 mean the same speed/ratio trade).
     * One thread at a time; {@link Compressor#close} frees it.
     */
    Compressor compressor(int level) {
        if (level < 0 || level > 12) {
            throw new IllegalArgumentException("libdeflate level must be 0-12: " + level);
        }
        MemorySegment handle;
        try {
            handle = (MemorySegment) alloc.invokeExact(level);
        } catch (Throwable e) {
            throw new IllegalStateException("libdeflate_alloc_compressor failed", e);
        }
        if (handle.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("libdeflate could not allocate a compressor");
        }
        return new Compressor(handle);
    }

    /** One native compressor: not thread-safe, used by one block at a time. */
    final class Compressor implements AutoCloseable {
        private MemorySegment handle;

        private Compressor(MemorySegment handle) {
            this.handle = handle;
        }

        /** The most bytes the gzip member of {@code length} input bytes can take. */
        int bound(int length) {
            try {
                return Math.toIntExact((long) gzipBound.invokeExact(live(), (long) length));
            } catch (Throwable e) {
                throw new IllegalStateException("libdeflate_gzip_compress_bound failed", e);
            }
        }

        /**
         * Writes {@code input[0, length)} as one complete gzip member (header, deflate, CRC-32 and size) to
         * the start of {@code output}; returns its length, or 0 when {@code output} is too small.
         */
        int gzip(byte[] input, int length, byte[] output) {
            Objects.checkFromIndexSize(0, length, input.length);
            try {
                long written = (long) gzipCompress.invokeExact(
                        live(), MemorySegment.ofArray(input), (long) length, MemorySegment.ofArray(output), (long)
                                output.length);
                return (int) written;
            } catch (Throwable e) {
                throw new IllegalStateException("libdeflate_gzip_compress failed", e);
            }
        }

        private MemorySegment live() {
            if (handle == null) {
                throw new IllegalStateException("libdeflate compressor already freed");
            }
            return handle;
        }

        @Override
        public void close() {
            if (handle == null) {
                return;
            }
            try {
                free.invokeExact(handle);
            } catch (Throwable e) {
                throw new IllegalStateException("libdeflate_free_compressor failed", e);
            } finally {
                handle = null;
            }
        }
    }
}
