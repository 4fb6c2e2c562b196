package dev.pinion.filesystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
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

/**
 * A gzip stream (RFC 1952) compressed on several threads, as pigz and Go's pgzip do: the input is cut into
 * blocks, each block is compressed on the {@code workers} executor, and the blocks are written in order;
 * at most {@code blocksInFlight} are held at once, so memory stays flat whatever the input size. How a block
 * becomes bytes is the {@link GzipEngine}'s: with libdeflate each block is its own gzip member ({@link
 * LibDeflateGzipBlocks}), with the JDK's zlib the stream is one member of sync-flushed blocks chained by
 * dictionary ({@link ZlibGzipBlocks}). Either way any gzip reader (Go's compress/gzip in Wings, GNU gzip,
 * pigz, zlib, Python, commons-compress) reads it as one file.
 *
 * <p>Three stages, as pigz runs them: the producer (the caller: file reads, tar framing) only fills blocks;
 * the workers compress them; one writer task per stream, on the {@code writers} executor, takes them in
 * order and writes them to {@code out}, so whatever {@code out} costs (a backup's SHA-1 and file writes, a transfer's SHA-256 and the wait
 * for the network) overlaps the reading instead of stalling it. {@code out} is only ever called from the
 * writer thread, then from {@link #close} once that thread has ended.
 *
 * <p>A full block is handed on only when more input arrives, so the last block always holds the end of the
 * input: the final deflate block carries data, with no empty flush block before it, which is what lets a Go
 * destination of a transfer consume the trailer (spec files-backups-transfers.md §6.5).
 *
 * <p>Not thread-safe: one producer writes.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** Input per block: pigz uses 128 KiB. */
    public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;

    // Ends the writer thread's queue.
    private static final CompletableFuture<Block> END = CompletableFuture.completedFuture(null);

    private final OutputStream out;
    private final Executor workers;
    private final Executor writers;
    private final GzipBlocks blocks;
    private final int blockSize;
    // Blocks submitted and not yet written, in order; the writer thread takes them. Bounded by the permits.
    private final BlockingQueue<CompletableFuture<Block>> pending = new LinkedBlockingQueue<>();
    private final Semaphore permits;
    private final ArrayDeque<CompletableFuture<Block>> unwritten = new ArrayDeque<>();
    // Block buffers are recycled (they were two thirds of a backup's allocation, and its GC pauses): inputs
    // handed from the writer thread back to the producer, outputs from the writer back to the workers.
    private final BlockingQueue<byte[]> spareInputs;
    private final BlockingQueue<byte[]> spareOutputs;
    // Writer thread only: the input of the last block written (the next block may have used it as its
    // dictionary, so it is free only once that block is written too), and whether anything was written.
    private byte[] lastWrittenInput;
    private boolean anyWritten;
    // Producer only.
    private byte[] current;
    private int filled;
    private byte[] previous;
    private int previousLength;
    private boolean closed;
    // The writer task, once started; the thread running it while it runs (to interrupt a blocked write).
    private CompletableFuture<Void> writer;
    private final Object writerThreadLock = new Object();
    private Thread writerThread;
    // Set by either side; the first failure wins and every later call rethrows it.
    private volatile IOException failure;

    /**
     * @param engine         compresses the blocks ({@link GzipEngine#detect}: libdeflate when the node has it)
     * @param level          zlib level 0–9 (0 = stored blocks, as {@code compression_level: none})
     * @param workers        runs block compressions (a bounded pool created through Dropwizard's lifecycle)
     * @param writers        runs this stream's writer task, which lasts as long as the stream: never the
     *                       {@code workers} (it waits for them) nor a direct executor; platform threads, so
     *                       the file writes keep their thread's cached direct buffer
     * @param blocksInFlight blocks buffered or compressing at once, at least 1 (memory ≈ 2 × this × block size)
     */
    public ParallelGzipOutputStream(
            OutputStream out,
            GzipEngine engine,
            int level,
            Executor workers,
            Executor writers,
            int blockSize,
            int blocksInFlight) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0-9: " + level);
        }
        if (blockSize < ZlibGzipBlocks.DICTIONARY || blocksInFlight < 1) {
            throw new IllegalArgumentException("block size must be >= 32 KiB and blocks in flight >= 1");
        }
        this.out = out;
        this.workers = workers;
        this.writers = writers;
        this.blocks = engine.blocks(level, blocksInFlight);
        this.blockSize = blockSize;
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
            if (filled == blockSize) {
                submit(false);
            }
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
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
            if (filled == blockSize) {
                submit(false);
            }
            int room = (int) Math.min(blockSize - filled, count - done);
            int n = in.read(ByteBuffer.wrap(current, filled, room));
            if (n < 0) {
                break;
            }
            filled += n;
            done += n;
            progress.accept(n);
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
                    writeEnd();
                } else if (!complete) {
                    blocks.abandon(out);
                }
            } finally {
                blocks.close();
                out.close();
            }
        }
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /** Lets the writer task finish the queued blocks (or drop them after a failure) and waits for it. */
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
                writer.get();
                break;
            } catch (ExecutionException e) {
                // writeInOrder catches everything it can; this is an Error, and the stream is lost.
                fail(new IOException("the archive writer failed", e.getCause()));
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
                synchronized (writerThreadLock) {
                    if (writerThread != null) {
                        writerThread.interrupt();
                    }
                }
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
        byte[] dictionary = blocks.usesDictionary() ? previous : null;
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
            try {
                writer = CompletableFuture.runAsync(this::writeInOrder, writers);
            } catch (RejectedExecutionException e) {
                throw fail(new IOException("archive writers are shut down", e));
            }
        }
        previous = input;
        previousLength = length;
        current = last ? null : spareInput();
        filled = 0;
    }

    /** The writer task: each block in order, until {@link #END}; after a failure it only drains. */
    private void writeInOrder() {
        synchronized (writerThreadLock) {
            writerThread = Thread.currentThread();
        }
        try {
            drainInOrder();
        } finally {
            // The pooled thread goes on to other work: never interrupt it on this stream's behalf again.
            synchronized (writerThreadLock) {
                writerThread = null;
            }
        }
    }

    private void drainInOrder() {
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
        GzipBlocks.Compressed compressed =
                blocks.compress(input, length, dictionary, dictionaryLength, last, spareOutputs.poll());
        return new Block(compressed, length, input);
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
        blocks.beforeBlock(out, !anyWritten);
        anyWritten = true;
        out.write(block.compressed.data(), 0, block.compressed.length());
        blocks.written(block.compressed, block.inputLength);
        // Written out: its output is free; the previous block's input is free as this block (its only
        // other user, through the dictionary) is done. A cancelled or failed block never gets here.
        spareOutputs.offer(block.compressed.data());
        if (lastWrittenInput != null && lastWrittenInput.length == blockSize) {
            spareInputs.offer(lastWrittenInput);
        }
        lastWrittenInput = block.input;
    }

    private byte[] spareInput() {
        byte[] spare = spareInputs.poll();
        return spare != null ? spare : new byte[blockSize];
    }

    private void writeEnd() throws IOException {
        try {
            blocks.end(out);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private synchronized IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return failure;
    }

    /** One compressed block, the length of its input, and that input. */
    private record Block(GzipBlocks.Compressed compressed, int inputLength, byte[] input) {}
}
