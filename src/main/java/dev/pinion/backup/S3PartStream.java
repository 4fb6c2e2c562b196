package dev.pinion.backup;

import dev.pinion.panel.BackupStatusReport.BackupPart;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The sink of an S3 backup: the archive is cut into the Panel's {@code part_size} pieces as it is
 * written, and each piece is spooled to one file and uploaded as soon as it is full, so at most one part
 * is ever on local disk (a server larger than the node's free disk can still be backed up). Closing
 * does nothing (the archive writer closes its sink even on failure); {@link #finish} uploads the last,
 * shorter part once the archive is known to be complete.
 */
final class S3PartStream extends OutputStream {
    private final Path spool;
    private final List<String> urls;
    private final long partSize;
    private final S3PartUploader uploader;
    private final FileChannel channel;
    private final List<BackupPart> parts = new ArrayList<>();
    private long inPart;
    // Once a part failed, nothing more is uploaded (the archive writer still flushes while unwinding).
    private IOException failure;

    S3PartStream(Path spool, List<String> urls, long partSize, S3PartUploader uploader) throws IOException {
        this.spool = spool;
        this.urls = urls;
        this.partSize = partSize;
        this.uploader = uploader;
        this.channel = FileChannel.open(spool, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        while (len > 0) {
            int n = (int) Math.min(len, partSize - inPart);
            ByteBuffer buffer = ByteBuffer.wrap(b, off, n);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            inPart += n;
            off += n;
            len -= n;
            if (inPart == partSize) {
                uploadPart();
            }
        }
    }

    @Override
    public void close() {
        // See the class comment: only finish() completes the upload.
    }

    /** Uploads what is left; returns every part's ETag and number, in order. */
    List<BackupPart> finish() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (inPart > 0 || parts.isEmpty()) {
            uploadPart();
        }
        discard();
        return List.copyOf(parts);
    }

    /** Closes and removes the spool file (after finish, or on failure). */
    void discard() throws IOException {
        channel.close();
        Files.deleteIfExists(spool);
    }

    private void uploadPart() throws IOException {
        int number = parts.size() + 1;
        if (number > urls.size()) {
            failure = new IOException("the archive outgrew the " + urls.size() + " parts the Panel presigned");
            throw failure;
        }
        try {
            parts.add(new BackupPart(uploader.put(urls.get(number - 1), number, spool), number));
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        channel.truncate(0);
        channel.position(0);
        inPart = 0;
    }
}
