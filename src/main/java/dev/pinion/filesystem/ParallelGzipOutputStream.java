package dev.pinion.filesystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One standard gzip member (RFC 1952) compressed on several threads, as pigz and Go's pgzip do: the input
 * is cut into blocks, each block is deflated on the {@code workers} executor with the previous block's last
 * 32 KiB as preset dictionary (so the ratio is close to a single-threaded stream) and ends with a sync
 * flush, the last with FINISH; the per-block CRC-32s are combined. Blocks are written in order, and at most
 * {@code blocksInFlight} are held at once, so memory stays flat whatever the input size. Any gzip reader
 * (Go's compress/gzip in Wings, GNU gzip, zlib) reads the output as an ordinary single-member stream.
 *
 * <p>Three stages, as pigz runs them: the producer (the caller: file reads, tar framing) only fills blocks;
 * the workers deflate them; one writer thread per stream takes them in order and writes them to {@code out},
 * so whatever {@code out} costs (a backup's SHA-1 and file writes, a transfer's SHA-256 and the wait for
 * the network) overlaps the reading instead of stalling it. {@code out} is only ever called from the
 * writer thread, then from {@link #close} once that thread has ended.
 *
 * <p>Not thread-safe: one producer writes.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** Input per block: pigz uses 128 KiB. */
    public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;

    private static final int DICTIONARY = 32 * 1024;
    // Ends the writer thread's queue.
    private static final CompletableFuture<Block> END = CompletableFuture.completedFuture(null);

    private final OutputStream out;
    private final Executor workers;
    private final int level;
    private final int blockSize;
    private final int blocksInFlight;
    // Blocks submitted and not yet written, in order; the writer thread takes them. Bounded by the permits.
    private final BlockingQueue<CompletableFuture<Block>> pending = new LinkedBlockingQueue<>();
    private final Semaphore permits;
    private final ArrayDeque<CompletableFuture<Block>> unwritten = new ArrayDeque<>();
    // Deflaters are expensive to create (native state); each block borrows one, and there are never more
    // than blocksInFlight of them.
    private final BlockingQueue<Deflater> deflaters;
    // Block buffers are recycled (they were two thirds of a backup's allocation, and its GC pauses): inputs
    // handed from the writer thread back to the producer, outputs from the writer back to the workers.
    private final BlockingQueue<byte[]> spareInputs;
    private final BlockingQueue<byte[]> spareOutputs;
    // Writer thread only: the input of the last block written (the next block used it as its dictionary,
    // so it is free only once that block is written too), the running CRC and size, the header flag.
    private byte[] lastWrittenInput;
    private int crc;
    private long size;
    private boolean headerWritten;
    // Producer only.
    private byte[] current;
    private int filled;
    private byte[] previous;
    private int previousLength;
    private boolean closed;
    private Thread writer;
    // Set by either side; the first failure wins and every later call rethrows it.
    private volatile IOException failure;

    /**
     * @param level          zlib level 0–9 (0 = stored blocks, as {@code compression_level: none})
     * @param workers        runs block compressions (a bounded pool created through Dropwizard's lifecycle)
     * @param blocksInFlight blocks buffered or compressing at once, at least 1 (memory ≈ 2 × this × block size)
     */
    public ParallelGzipOutputStream(OutputStream out, int level, Executor workers, int blockSize, int blocksInFlight) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0-9: " + level);
        }
        if (blockSize < DICTIONARY || blocksInFlight < 1) {
            throw new IllegalArgumentException("block size must be >= 32 KiB and blocks in flight >= 1");
        }
        this.out = out;
        this.workers = workers;
        this.level = level;
        this.blockSize = blockSize;
        this.blocksInFlight = blocksInFlight;
        this.deflaters = new ArrayBlockingQueue<>(blocksInFlight);
        this.permits = new Semaphore(blocksInFlight);
        this.spareInputs = new ArrayBlockingQueue<>(blocksInFlight + 2);
        this.spareOutputs = new ArrayBlockingQueue<>(blocksInFlight + 1);
        this.current = new byte[blockSize];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("gzip stream closed");
        }
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == blockSize) {
                submit(false);
            }
        }
    }

    /**
     * Reads up to {@code count} bytes from {@code in} straight into the blocks (no intermediate buffer),
     * stopping early only at the channel's end; returns the bytes read and reports each read to
     * {@code progress}.
     */
    public long transferFrom(ReadableByteChannel in, long count, LongConsumer progress) throws IOException {
        if (closed) {
            throw new IOException("gzip stream closed");
        }
        long done = 0;
        while (done < count) {
            int room = (int) Math.min(blockSize - filled, count - done);
            int n = in.read(ByteBuffer.wrap(current, filled, room));
            if (n < 0) {
                break;
            }
            filled += n;
            done += n;
            progress.accept(n);
            if (filled == blockSize) {
                submit(false);
            }
        }
        return done;
    }

    /**
     * Only reports a failure: compressed blocks are written as soon as they are ready by the writer
     * thread, and a partial block stays buffered (flushing it would cost ratio).
     */
    @Override
    public void flush() throws IOException {
        IOException failed = failure;
        if (!closed && failed != null) {
            throw failed;
        }
    }

    /** Compresses what is buffered as the final block, writes the trailer and closes the target. */
    @Override
    public void close() throws IOException {
        finish(true);
    }

    /**
     * Ends the stream without its final block and trailer, so what was written can never pass for a
     * complete gzip stream, and closes the target. For a producer that failed half-way with {@code cause}:
     * anything going wrong here is added to it as suppressed.
     */
    public void abort(IOException cause) {
        fail(cause);
        try {
            finish(false);
        } catch (IOException e) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
        }
    }

    private void finish(boolean complete) throws IOException {
        if (closed) {
            return;
        }
        try {
            if (complete && failure == null) {
                submit(true);
            }
        } finally {
            closed = true;
            try {
                stopWriter();
                if (complete && failure == null) {
                    writeTrailer();
                }
            } finally {
                Deflater deflater;
                while ((deflater = deflaters.poll()) != null) {
                    deflater.end();
                }
                out.close();
            }
        }
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /** Lets the writer thread finish the queued blocks (or drop them after a failure) and waits for it. */
    private void stopWriter() throws IOException {
        if (writer == null) {
            return;
        }
        if (failure != null) {
            for (CompletableFuture<Block> block : unwritten) {
                block.cancel(false);
            }
        }
        pending.add(END);
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                // The writer only waits on blocks that are compressing: it ends soon; failing here would let
                // the target be closed under it.
                interrupted = true;
                fail(new InterruptedIOException("interrupted while compressing"));
                for (CompletableFuture<Block> block : unwritten) {
                    block.cancel(false);
                }
                // A target that blocks (a full transfer pipe) gives up its wait on an interrupt.
                writer.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(boolean last) throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        // Bound the memory: wait for the writer to finish the oldest block before starting another.
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new InterruptedIOException("interrupted while compressing"));
        }
        failed = failure;
        if (failed != null) {
            permits.release();
            throw failed;
        }
        byte[] input = current;
        int length = filled;
        byte[] dictionary = previous;
        int dictionaryLength = previousLength;
        CompletableFuture<Block> block;
        try {
            block = CompletableFuture.supplyAsync(
                    () -> compress(input, length, dictionary, dictionaryLength, last), workers);
        } catch (RejectedExecutionException e) {
            permits.release();
            throw fail(new IOException("compression workers are shut down", e));
        }
        // Only the producer touches this list: what to cancel if the stream fails.
        while (!unwritten.isEmpty() && unwritten.peekFirst().isDone()) {
            unwritten.removeFirst();
        }
        unwritten.addLast(block);
        pending.add(block);
        if (writer == null) {
            // A platform thread of the archive's own, ended by close/abort: it keeps its cached temporary
            // direct buffer for the file writes across blocks, and shows by name in per-thread CPU figures.
            writer = Thread.ofPlatform().daemon().name("gzip-writer").start(this::writeInOrder);
        }
        previous = input;
        previousLength = length;
        current = last ? null : spareInput();
        filled = 0;
    }

    /** The writer thread: each block in order, until {@link #END}; after a failure it only drains. */
    private void writeInOrder() {
        while (true) {
            CompletableFuture<Block> next;
            try {
                next = pending.take();
            } catch (InterruptedException e) {
                // Only an interrupted producer interrupts this thread: the stream has failed, drain to the end.
                fail(new InterruptedIOException("gzip writer interrupted"));
                continue;
            }
            if (next == END) {
                return;
            }
            try {
                if (failure == null) {
                    writeOut(next);
                }
            } catch (IOException e) {
                fail(e);
            } catch (RuntimeException | Error e) {
                // Whatever the target throws, the producer must hear it rather than wait for permits forever.
                fail(new IOException("writing the archive failed", e));
            } finally {
                permits.release();
            }
        }
    }

    private Block compress(byte[] input, int length, byte[] dictionary, int dictionaryLength, boolean last) {
        Deflater deflater = deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        try {
            if (dictionary != null && dictionaryLength > 0) {
                int n = Math.min(DICTIONARY, dictionaryLength);
                deflater.setDictionary(dictionary, dictionaryLength - n, n);
            }
            deflater.setInput(input, 0, length);
            byte[] output = spareOutputs.poll();
            if (output == null || output.length < length + (length >> 8) + 64) {
                output = new byte[length + (length >> 8) + 64];
            }
            int produced = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    output = roomFor(output, produced);
                    produced += deflater.deflate(output, produced, output.length - produced);
                }
            } else {
                int n;
                do {
                    output = roomFor(output, produced);
                    n = deflater.deflate(output, produced, output.length - produced, Deflater.SYNC_FLUSH);
                    produced += n;
                } while (produced == output.length);
            }
            CRC32 checksum = new CRC32();
            checksum.update(input, 0, length);
            return new Block(output, produced, (int) checksum.getValue(), length, input);
        } finally {
            deflater.reset();
            if (!deflaters.offer(deflater)) {
                deflater.end();
            }
        }
    }

    private static byte[] roomFor(byte[] output, int produced) {
        return produced < output.length ? output : Arrays.copyOf(output, output.length * 2);
    }

    private void writeOut(CompletableFuture<Block> future) throws IOException {
        Block block;
        try {
            block = future.get();
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while compressing");
        } catch (CancellationException e) {
            throw new IOException("gzip stream aborted", e);
        } catch (ExecutionException e) {
            throw new IOException("gzip block compression failed", e.getCause());
        }
        writeHeader();
        out.write(block.data, 0, block.length);
        crc = Crc32Combine.combine(crc, block.crc, block.inputLength);
        size += block.inputLength;
        // Written out: its output is free; the previous block's input is free as this block (its only
        // other user, through the dictionary) is done. A cancelled or failed block never gets here.
        spareOutputs.offer(block.data);
        if (lastWrittenInput != null && lastWrittenInput.length == blockSize) {
            spareInputs.offer(lastWrittenInput);
        }
        lastWrittenInput = block.input;
    }

    private byte[] spareInput() {
        byte[] spare = spareInputs.poll();
        return spare != null ? spare : new byte[blockSize];
    }

    private void writeHeader() throws IOException {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL OS=255 (unknown), as Go's compress/gzip writes it.
        int extraFlags = level == 9 ? 2 : level == 1 ? 4 : 0;
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) extraFlags, (byte) 255});
    }

    private void writeTrailer() throws IOException {
        writeHeader();
        byte[] trailer = new byte[8];
        littleEndian(trailer, 0, crc);
        littleEndian(trailer, 4, (int) size); // ISIZE: the input length modulo 2^32
        try {
            out.write(trailer);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private static void littleEndian(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }

    private synchronized IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return failure;
    }

    /** One compressed block: its deflate bytes, the CRC-32 and length of its input, and that input. */
    private record Block(byte[] data, int length, int crc, int inputLength, byte[] input) {}
}
