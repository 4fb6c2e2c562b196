package dev.pinion.sftp;

import static org.apache.sshd.sftp.common.SftpConstants.*;

import dev.pinion.filesystem.FileStat;
import dev.pinion.filesystem.FileUpload;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ReadableFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferException;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionAware;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SFTP subsystem channel: the SFTP version 3 protocol, as Wings serves it (spec
 * websocket-sftp-activity.md §2.4, §2.7), written here instead of MINA's SftpSubsystem so that no request
 * can reach a native path, protocol versions 4–6 and MINA's extra extensions (copy-file, check-file,
 * space-available, fsync, lsetstat...) do not exist, and every operation goes through
 * {@link SftpOperations}. Requests arrive whole through {@link SftpRequests} and are served in order on
 * one thread from the session executor; a packet larger than {@link #MAX_PACKET} or a malformed one never
 * allocates more than that (a short or garbled request gets a status, the channel goes on). Handles that
 * are never closed are released when the channel ends, and an upload never committed is deleted (uploads
 * are atomic per file).
 */
final class SftpChannel implements Command, ChannelSessionAware {
    private static final Logger LOG = LoggerFactory.getLogger(SftpChannel.class);
    /** OpenSSH's own limit on an SFTP packet (256 KiB), plus room for the header. */
    static final int MAX_PACKET = 256 * 1024 + 1024;
    /**
     * The largest READ answered and WRITE invited: OpenSSH's sftp-server figure, which its client takes
     * from limits@openssh.com instead of its 32 KiB default.
     */
    private static final int MAX_READ = 255 * 1024;
    /** SSH_FXP_EXTENDED_REPLY. */
    private static final int EXTENDED_REPLY = 201;
    /** A READ reply's header: length, type, id, data length. */
    private static final int DATA_HEADER = 13;

    private static final int MAX_HANDLES = 256;
    /** Replies sent together at most (OpenSSH keeps 64 requests in flight). */
    private static final int MAX_UNFLUSHED_REPLIES = 8;

    private static final int NAMES_PER_READDIR = 128;
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM d  yyyy", Locale.ROOT);

    private final Function<SftpChannel, SftpOperations> operationsFactory;
    private final Executor executor;
    /** Decides whether a listing shows a file's time or its year, as {@code ls -l} does. */
    private final Clock clock;

    private final Map<String, Object> handles = new HashMap<>();
    private final SftpRequests requests = new SftpRequests(MAX_PACKET);
    private LocalWindow window;
    private OutputStream out;
    private ExitCallback exit;
    private SftpOperations operations;
    private int nextHandle;
    private int unflushed;
    /** The READ reply being built, reused: the output stream copies it before write returns. */
    private byte[] readReply = new byte[0];

    private volatile boolean closed;

    /** A directory listing being read. */
    private static final class DirectoryHandle {
        final List<FileStat> entries;
        int next;

        DirectoryHandle(List<FileStat> entries) {
            this.entries = entries;
        }
    }

    /** A file opened for reading, and its path for FSTAT/FSETSTAT. */
    private record ReadHandle(String path, ReadableFile file) {}

    /** A file being uploaded. */
    private record WriteHandle(String path, FileUpload upload) {}

    SftpChannel(Function<SftpChannel, SftpOperations> operationsFactory, Executor executor, Clock clock) {
        this.operationsFactory = operationsFactory;
        this.executor = executor;
        this.clock = clock;
    }

    /** Called before the streams: requests arrive through {@link SftpRequests}, not MINA's pipe. */
    @Override
    public void setChannelSession(ChannelSession session) {
        window = session.getLocalWindow();
        session.setDataReceiver(requests);
    }

    @Override
    public void setInputStream(InputStream in) {
        // never called: the channel's data receiver is SftpRequests
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // SFTP has no error stream.
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        operations = operationsFactory.apply(this);
        if (operations == null) {
            // The server is not on this node any more: the channel is not served (Wings).
            throw new IOException("the server of this SFTP login is not on this node");
        }
        try {
            executor.execute(this::serve);
        } catch (RejectedExecutionException e) {
            throw new IOException("too many SFTP sessions", e);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        closed = true;
        requests.close();
    }

    private void serve() {
        int code = 0;
        try {
            while (!closed) {
                byte[] packet = requests.take();
                if (packet == SftpRequests.END) {
                    break;
                }
                if (packet == SftpRequests.TOO_LARGE) {
                    LOG.warn(
                            "sftp: packet of {} bytes from {}; closing the channel",
                            requests.refusedLength(),
                            operations.identity().ip());
                    code = 1;
                    break;
                }
                handle(new ByteArrayBuffer(packet));
                // The client may send the next window's worth once this request is done with.
                if (window.isOpen()) {
                    window.release(4L + packet.length);
                }
                // Replies are coalesced while more requests wait, but never more than a few: during an
                // upload input never runs dry, and acknowledgements held back until the output buffer
                // filled (~1,000 statuses) stalled the client at its 64 outstanding writes.
                if (++unflushed >= MAX_UNFLUSHED_REPLIES || requests.isEmpty()) {
                    out.flush();
                    unflushed = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("sftp: channel ended: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("sftp: unexpected failure; closing the channel", e);
            code = 1;
        } finally {
            releaseHandles();
            if (exit != null) {
                exit.onExit(code);
            }
        }
    }

    private void handle(Buffer request) throws IOException {
        int type = request.getUByte();
        if (type == SSH_FXP_INIT) {
            sendVersion();
            return;
        }
        int id;
        try {
            id = request.getInt();
        } catch (BufferException e) {
            // Not even an id: nothing can be answered, the packet is ignored.
            return;
        }
        try {
            dispatch(type, id, request);
        } catch (SftpStatus status) {
            sendStatus(id, status.code(), status.getMessage());
        } catch (FilesystemException e) {
            SftpStatus status = SftpOperations.translate(e, e.getMessage());
            sendStatus(id, status.code(), status.getMessage());
        } catch (BufferException | IllegalArgumentException | IndexOutOfBoundsException e) {
            sendStatus(id, SSH_FX_BAD_MESSAGE, "bad message");
        }
    }

    private void dispatch(int type, int id, Buffer request) throws IOException {
        switch (type) {
            case SSH_FXP_OPEN -> open(id, request);
            case SSH_FXP_CLOSE -> close(id, request.getString());
            case SSH_FXP_READ -> read(id, request);
            case SSH_FXP_WRITE -> write(id, request);
            case SSH_FXP_STAT, SSH_FXP_LSTAT -> sendAttributes(id, operations.stat(path(request)));
            case SSH_FXP_FSTAT -> fstat(id, request.getString());
            case SSH_FXP_SETSTAT -> setstat(id, path(request), request);
            case SSH_FXP_FSETSTAT -> fsetstat(id, request);
            case SSH_FXP_OPENDIR -> sendHandle(id, register(new DirectoryHandle(operations.list(path(request)))));
            case SSH_FXP_READDIR -> readdir(id, request.getString());
            case SSH_FXP_REMOVE, SSH_FXP_RMDIR -> {
                operations.delete(path(request));
                sendOk(id);
            }
            case SSH_FXP_MKDIR -> {
                operations.mkdir(path(request));
                sendOk(id);
            }
            case SSH_FXP_REALPATH -> sendName(id, SftpPaths.clean(request.getString()));
            case SSH_FXP_RENAME -> rename(id, request);
            case SSH_FXP_READLINK -> sendName(id, operations.readLink(path(request)));
            case SSH_FXP_SYMLINK, SSH_FXP_LINK -> operations.link();
            case SSH_FXP_EXTENDED -> extended(id, request);
            // Anything unknown: not supported (Wings).
            default -> throw SftpStatus.unsupported();
        }
    }

    private void extended(int id, Buffer request) throws IOException {
        String name = request.getString();
        switch (name) {
            case "posix-rename@openssh.com" -> rename(id, request);
            case "hardlink@openssh.com" -> operations.link();
            case "limits@openssh.com" -> sendLimits(id);
            default -> throw SftpStatus.unsupported();
        }
    }

    private void open(int id, Buffer request) throws IOException {
        String path = path(request);
        int flags = request.getInt();
        Attributes attributes = Attributes.read(request);
        boolean write = (flags & (SSH_FXF_WRITE | SSH_FXF_APPEND | SSH_FXF_CREAT | SSH_FXF_TRUNC)) != 0;
        requireRoom();
        if (!write) {
            ReadableFile file = operations.openRead(path);
            sendHandle(id, register(new ReadHandle(path, file)));
            return;
        }
        int mode = attributes.hasPermissions() ? attributes.permissions() & 0777 : -1;
        boolean exclusive = (flags & SSH_FXF_EXCL) != 0;
        FileUpload upload = operations.openWrite(path, mode, exclusive);
        sendHandle(id, register(new WriteHandle(path, upload)));
    }

    private void close(int id, String handle) throws IOException {
        Object value = handles.remove(handle);
        if (value == null) {
            throw SftpStatus.failure("invalid handle");
        }
        switch (value) {
            case ReadHandle read -> read.file().close();
            case WriteHandle write -> write.upload().commit();
            default -> {
                // a directory listing holds nothing open
            }
        }
        sendOk(id);
    }

    private void read(int id, Buffer request) throws IOException {
        String handle = request.getString();
        long offset = request.getLong();
        int length = Math.min(Math.max(0, request.getInt()), MAX_READ);
        Object value = handles.get(handle);
        if (readReply.length < DATA_HEADER + length) {
            readReply = new byte[DATA_HEADER + length];
        }
        byte[] reply = readReply;
        ByteBuffer into = ByteBuffer.wrap(reply, DATA_HEADER, length);
        int n;
        switch (value) {
            case ReadHandle read -> n = readFile(read, offset, into);
            case WriteHandle write -> n = write.upload().read(offset, into);
            case null -> throw SftpStatus.failure("invalid handle");
            default -> throw SftpStatus.failure();
        }
        if (n <= 0 && length > 0) {
            sendStatus(id, SSH_FX_EOF, "EOF");
            return;
        }
        ByteBuffer header = ByteBuffer.wrap(reply, 0, DATA_HEADER);
        header.putInt(DATA_HEADER - 4 + n).put((byte) SSH_FXP_DATA).putInt(id).putInt(n);
        out.write(reply, 0, DATA_HEADER + n);
    }

    private static int readFile(ReadHandle read, long offset, ByteBuffer into) {
        try {
            var channel = read.file().channel();
            channel.position(offset);
            return fill(channel, into);
        } catch (IOException e) {
            // A read failing on disk fails this request, not the channel.
            throw SftpStatus.failure();
        }
    }

    private static int fill(SeekableByteChannel channel, ByteBuffer into) throws IOException {
        int total = 0;
        while (into.hasRemaining()) {
            int n = channel.read(into);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private void write(int id, Buffer request) throws IOException {
        String handle = request.getString();
        long offset = request.getLong();
        int length = request.getInt();
        if (length < 0 || length > request.available()) {
            throw new BufferException("bad data length");
        }
        Object value = handles.get(handle);
        if (!(value instanceof WriteHandle write)) {
            throw SftpStatus.failure("invalid handle");
        }
        write.upload().write(offset, ByteBuffer.wrap(request.array(), request.rpos(), length));
        sendOk(id);
    }

    private void fstat(int id, String handle) throws IOException {
        switch (handles.get(handle)) {
            case ReadHandle read -> sendAttributes(id, operations.stat(read.path()));
            case WriteHandle write -> {
                Buffer reply = reply(SSH_FXP_ATTRS, id);
                reply.putInt(SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_PERMISSIONS);
                reply.putLong(write.upload().size());
                reply.putInt(S_IFREG | 0644);
                send(reply);
            }
            case null -> throw SftpStatus.failure("invalid handle");
            default -> throw SftpStatus.failure();
        }
    }

    private void setstat(int id, String path, Buffer request) throws IOException {
        Attributes attributes = Attributes.read(request);
        if (attributes.hasPermissions()) {
            operations.chmod(path, attributes.permissions());
        } else {
            // Size, owner and times are ignored (Wings); permission checks still apply.
            operations.stat(path);
        }
        sendOk(id);
    }

    private void fsetstat(int id, Buffer request) throws IOException {
        String handle = request.getString();
        Object value = handles.get(handle);
        switch (value) {
            case ReadHandle read -> setstat(id, read.path(), request);
            case WriteHandle write -> {
                Attributes attributes = Attributes.read(request);
                if (attributes.hasPermissions()) {
                    int mode = attributes.permissions() & 0777;
                    write.upload().setMode(mode == 0 ? 0644 : mode);
                }
                sendOk(id);
            }
            case null -> throw SftpStatus.failure("invalid handle");
            default -> throw SftpStatus.unsupported();
        }
    }

    private void readdir(int id, String handle) throws IOException {
        if (!(handles.get(handle) instanceof DirectoryHandle directory)) {
            throw SftpStatus.failure("invalid handle");
        }
        if (directory.next >= directory.entries.size()) {
            sendStatus(id, SSH_FX_EOF, "EOF");
            return;
        }
        int end = Math.min(directory.entries.size(), directory.next + NAMES_PER_READDIR);
        Buffer reply = reply(SSH_FXP_NAME, id);
        reply.putInt(end - directory.next);
        for (int i = directory.next; i < end; i++) {
            FileStat entry = directory.entries.get(i);
            reply.putString(entry.name());
            reply.putString(longName(entry, clock.instant()));
            putAttributes(reply, entry);
        }
        directory.next = end;
        send(reply);
    }

    private void rename(int id, Buffer request) throws IOException {
        String from = path(request);
        String to = path(request);
        operations.rename(from, to);
        sendOk(id);
    }

    private String path(Buffer request) {
        return SftpPaths.clean(request.getString(StandardCharsets.UTF_8));
    }

    private void requireRoom() {
        if (handles.size() >= MAX_HANDLES) {
            throw SftpStatus.failure("too many open handles");
        }
    }

    private String register(Object value) {
        requireRoom();
        String handle = Integer.toString(nextHandle++);
        handles.put(handle, value);
        return handle;
    }

    private void releaseHandles() {
        for (Object value : handles.values()) {
            try {
                switch (value) {
                    case ReadHandle read -> read.file().close();
                    case WriteHandle write -> write.upload().close();
                    default -> {}
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("sftp: releasing a handle: {}", e.getMessage());
            }
        }
        handles.clear();
    }

    // ---- replies ----

    private void sendVersion() throws IOException {
        Buffer reply = new ByteArrayBuffer(128);
        reply.putInt(0);
        reply.putByte((byte) SSH_FXP_VERSION);
        // Version 3 whatever the client asks (Wings), with Wings' extensions and limits@openssh.com.
        reply.putInt(3);
        reply.putString("posix-rename@openssh.com");
        reply.putString("1");
        reply.putString("statvfs@openssh.com");
        reply.putString("2");
        reply.putString("hardlink@openssh.com");
        reply.putString("1");
        // Beyond Wings: no file is touched; OpenSSH's client then moves 255 KiB per READ and WRITE
        // instead of 32 KiB, an eighth of the requests, replies and disk calls per byte.
        reply.putString("limits@openssh.com");
        reply.putString("1");
        send(reply);
    }

    /** limits@openssh.com: the largest packet, READ and WRITE this channel takes, and its handle limit. */
    private void sendLimits(int id) throws IOException {
        Buffer reply = reply(EXTENDED_REPLY, id);
        reply.putLong(MAX_PACKET - 1024);
        reply.putLong(MAX_READ);
        reply.putLong(MAX_READ);
        reply.putLong(MAX_HANDLES);
        send(reply);
    }

    private static Buffer reply(int type, int id) {
        Buffer reply = new ByteArrayBuffer(256);
        reply.putInt(0);
        reply.putByte((byte) type);
        reply.putInt(id);
        return reply;
    }

    private void send(Buffer reply) throws IOException {
        int length = reply.wpos() - 4;
        byte[] bytes = reply.array();
        bytes[0] = (byte) (length >>> 24);
        bytes[1] = (byte) (length >>> 16);
        bytes[2] = (byte) (length >>> 8);
        bytes[3] = (byte) length;
        out.write(bytes, 0, reply.wpos());
    }

    private void sendStatus(int id, int code, String message) throws IOException {
        Buffer reply = reply(SSH_FXP_STATUS, id);
        reply.putInt(code);
        reply.putString(message);
        reply.putString("");
        send(reply);
    }

    private void sendOk(int id) throws IOException {
        sendStatus(id, SSH_FX_OK, "");
    }

    private void sendHandle(int id, String handle) throws IOException {
        Buffer reply = reply(SSH_FXP_HANDLE, id);
        reply.putString(handle);
        send(reply);
    }

    private void sendName(int id, String path) throws IOException {
        Buffer reply = reply(SSH_FXP_NAME, id);
        reply.putInt(1);
        reply.putString(path);
        reply.putString(path);
        reply.putInt(0);
        send(reply);
    }

    private void sendAttributes(int id, FileStat stat) throws IOException {
        Buffer reply = reply(SSH_FXP_ATTRS, id);
        putAttributes(reply, stat);
        send(reply);
    }

    private static void putAttributes(Buffer reply, FileStat stat) {
        reply.putInt(SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_PERMISSIONS | SSH_FILEXFER_ATTR_ACMODTIME);
        reply.putLong(stat.size());
        reply.putInt(typeBits(stat) | (stat.permissions() & 0777));
        int mtime = (int) stat.modified().getEpochSecond();
        reply.putInt(mtime);
        reply.putInt(mtime);
    }

    private static int typeBits(FileStat stat) {
        return switch (stat.type()) {
            case DIRECTORY -> S_IFDIR;
            case SYMLINK -> S_IFLNK;
            case REGULAR -> S_IFREG;
            case OTHER -> S_IFIFO;
        };
    }

    /** An {@code ls -l} line, as OpenSSH's {@code ls -l} prints it: the time within six months of {@code now}, else the year. */
    static String longName(FileStat stat, Instant now) {
        String mode = stat.modeString();
        char first = switch (stat.type()) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case OTHER -> 'p';
            case REGULAR -> '-';
        };
        ZonedDateTime modified = stat.modified().atZone(ZoneOffset.UTC);
        boolean recent = modified.isAfter(now.atZone(ZoneOffset.UTC).minusMonths(6));
        String time = (recent ? RECENT : OLD).format(modified);
        return String.format(
                Locale.ROOT,
                "%c%s %4d %-8s %-8s %8d %12s %s",
                first,
                mode.substring(1),
                1,
                "container",
                "container",
                stat.size(),
                time,
                stat.name());
    }

    /** The SFTP v3 ATTRS of a request; only the fields Wings honours are kept. */
    record Attributes(int flags, int permissions) {
        boolean hasPermissions() {
            return (flags & SSH_FILEXFER_ATTR_PERMISSIONS) != 0;
        }

        static Attributes read(Buffer buffer) {
            if (buffer.available() < 4) {
                return new Attributes(0, 0);
            }
            int flags = buffer.getInt();
            int permissions = 0;
            if ((flags & SSH_FILEXFER_ATTR_SIZE) != 0) {
                buffer.getLong();
            }
            if ((flags & SSH_FILEXFER_ATTR_UIDGID) != 0) {
                buffer.getInt();
                buffer.getInt();
            }
            if ((flags & SSH_FILEXFER_ATTR_PERMISSIONS) != 0) {
                permissions = buffer.getInt();
            }
            // Times and extended attributes are ignored.
            return new Attributes(flags, permissions);
        }
    }
}
