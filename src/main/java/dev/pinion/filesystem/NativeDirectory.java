package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Iterator;
import java.util.Set;

/**
 * A directory held open by descriptor, with the JDK's {@link SecureDirectoryStream} interface but
 * opens that never block: the JDK's own implementation opens with plain {@code O_RDONLY} (no
 * {@code O_NONBLOCK}, no {@code O_DIRECTORY}), and opens a file even to chmod, chown or set its times, so
 * a FIFO swapped in by a game process between our lstat and our open parks the daemon thread forever.
 *
 * <p>Here every open is relative to this descriptor, with {@code O_NOFOLLOW|O_CLOEXEC} and:
 * directories with {@code O_DIRECTORY|O_NONBLOCK} (a FIFO fails with ENOTDIR without being opened);
 * files to read with {@code O_PATH} first — which opens nothing for I/O, so neither a FIFO's wait nor a
 * device driver's open runs — then the type is checked on that descriptor and only a regular file is
 * re-opened for reading through its {@code /proc/self/fd} link (the same inode, not a name); new files
 * with {@code O_CREAT|O_EXCL|O_NONBLOCK}. chmod, chown and times act on an {@code O_PATH} descriptor of
 * the entry, so they never follow a link and never open a special file. Names are resolved relative to
 * this descriptor only: a link is never followed ({@link LinkOption} arguments are ignored).
 */
final class NativeDirectory implements SecureDirectoryStream<Path> {
    private static final int DIRECTORY_FLAGS = Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NONBLOCK | Posix.O_CLOEXEC;

    private final int fd;
    private boolean closed;
    private boolean iterated;

    private NativeDirectory(int fd) {
        this.fd = fd;
    }

    /** Opens a daemon-trusted absolute directory (the server root, staging), following the operator's links. */
    static NativeDirectory open(Path trusted) throws IOException {
        return new NativeDirectory(Posix.openat(Posix.AT_FDCWD, trusted.toString(), DIRECTORY_FLAGS, 0));
    }

    int fd() {
        requireOpen();
        return fd;
    }

    /** Opens the sub-directory {@code name} (never a link, never blocking). */
    NativeDirectory openDirectory(String name) throws IOException {
        return new NativeDirectory(Posix.openat(fd(), name, DIRECTORY_FLAGS | Posix.O_NOFOLLOW, 0));
    }

    /** lstat of {@code name}; null when missing. */
    Posix.Stat lstat(String name) throws IOException {
        return Posix.lstatOrNull(fd(), name);
    }

    /** The status of this directory itself (fstat). */
    Posix.Stat stat() throws IOException {
        return Posix.fstat(fd());
    }

    /**
     * Opens the regular file {@code name} for reading: O_PATH|O_NOFOLLOW, type checked on that
     * descriptor, then re-opened through /proc/self/fd. Anything else is refused before any I/O open:
     * a symlink (ELOOP-like), a directory (EISDIR), a FIFO/socket/device ({@link NotRegularFileException}).
     */
    FileChannel openRegularForReading(Path name) throws IOException {
        return openRegularForReading(name(name));
    }

    /** {@link #openRegularForReading(Path)} for a name held as text (one path element, never a path). */
    FileChannel openRegularForReading(String name) throws IOException {
        int path = Posix.openat(fd(), name, Posix.O_PATH | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
        try {
            Posix.Stat stat = Posix.fstat(path);
            requireRegular(stat, name);
            return FileChannel.open(Path.of(Posix.procPath(path)), StandardOpenOption.READ);
        } finally {
            Posix.close(path);
        }
    }

    /**
     * A new, empty regular file {@code name} (O_CREAT|O_EXCL|O_NOFOLLOW|O_NONBLOCK) open for writing,
     * and for reading back what was written (an SFTP client may read a handle it opened to write).
     */
    FileChannel createForWriting(String name, int mode) throws IOException {
        int created = Posix.openat(
                fd(),
                name,
                Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL | Posix.O_NOFOLLOW | Posix.O_NONBLOCK | Posix.O_CLOEXEC,
                mode);
        try {
            return FileChannel.open(
                    Path.of(Posix.procPath(created)), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } finally {
            Posix.close(created);
        }
    }

    /**
     * An anonymous file in this directory (O_TMPFILE): invisible to the container until {@link
     * TemporaryFile#publish}; null when the filesystem cannot make one (EOPNOTSUPP/EISDIR/EINVAL).
     */
    TemporaryFile createAnonymous(int mode) throws IOException {
        int anonymous;
        try {
            anonymous = Posix.openat(fd(), ".", Posix.O_TMPFILE | Posix.O_WRONLY | Posix.O_CLOEXEC, mode);
        } catch (Posix.ErrnoException e) {
            if (e.errno() == Posix.EOPNOTSUPP || e.errno() == Posix.EISDIR || e.errno() == Posix.EINVAL) {
                return null;
            }
            throw e;
        }
        try {
            return new TemporaryFile(
                    anonymous, FileChannel.open(Path.of(Posix.procPath(anonymous)), StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Posix.close(anonymous);
            throw e;
        }
    }

    /** chmod of {@code name} through an O_PATH|O_NOFOLLOW descriptor: links are skipped, never followed. */
    void chmod(String name, int mode) throws IOException {
        int path = Posix.openat(fd(), name, Posix.O_PATH | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
        try {
            if (!Posix.fstat(path).isSymbolicLink()) {
                Posix.chmodPathDescriptor(path, mode);
            }
        } finally {
            Posix.close(path);
        }
    }

    /** chown of {@code name} itself (a link is chowned as a link, its target never touched). */
    void chown(String name, int uid, int gid) throws IOException {
        int path = Posix.openat(fd(), name, Posix.O_PATH | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
        try {
            Posix.fchown(path, uid, gid);
        } finally {
            Posix.close(path);
        }
    }

    /** chown of this directory (fchown). */
    void chownSelf(int uid, int gid) throws IOException {
        Posix.fchown(fd(), uid, gid);
    }

    /** Sets the times of {@code name} itself; a link is left alone. */
    void setTimes(String name, FileTime accessed, FileTime modified) throws IOException {
        int path = Posix.openat(fd(), name, Posix.O_PATH | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
        try {
            if (!Posix.fstat(path).isSymbolicLink()) {
                Posix.setTimes(
                        path,
                        accessed == null ? null : accessed.toInstant(),
                        modified == null ? null : modified.toInstant());
            }
        } finally {
            Posix.close(path);
        }
    }

    /** Creates the directory {@code name} (mkdirat: a final symlink is never followed). */
    void mkdir(String name, int mode) throws IOException {
        Posix.mkdirat(fd(), name, mode);
    }

    /** The target text of the symlink {@code name}. */
    String readLink(String name) throws IOException {
        return Posix.readlinkat(fd(), name);
    }

    static void requireRegular(Posix.Stat stat, String name) throws IOException {
        if (stat.isSymbolicLink()) {
            throw new FileSystemException(
                    name, null, "Too many levels of symbolic links or unable to access attributes of symbolic link");
        }
        if (stat.isDirectory()) {
            throw new FileSystemException(name, null, "Is a directory");
        }
        if (!stat.isRegularFile()) {
            throw new NotRegularFileException(name);
        }
    }

    /** Thrown instead of opening a FIFO, socket or device for I/O. */
    static final class NotRegularFileException extends FileSystemException {
        NotRegularFileException(String name) {
            super(name, null, "not a regular file");
        }
    }

    // ---- SecureDirectoryStream ----

    @Override
    public NativeDirectory newDirectoryStream(Path path, LinkOption... options) throws IOException {
        return openDirectory(name(path));
    }

    @Override
    public SeekableByteChannel newByteChannel(
            Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes) throws IOException {
        if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
            if (!options.contains(StandardOpenOption.CREATE_NEW)) {
                throw new UnsupportedOperationException("only new files are written in place");
            }
            return createForWriting(name(path), modeOf(attributes));
        }
        return openRegularForReading(path);
    }

    @Override
    public void deleteFile(Path path) throws IOException {
        Posix.unlinkat(fd(), name(path), 0);
    }

    @Override
    public void deleteDirectory(Path path) throws IOException {
        Posix.unlinkat(fd(), name(path), Posix.AT_REMOVEDIR);
    }

    @Override
    public void move(Path source, SecureDirectoryStream<Path> target, Path targetName) throws IOException {
        if (!(target instanceof NativeDirectory other)) {
            throw new ProviderMismatchException("not a NativeDirectory");
        }
        Posix.renameat(fd(), name(source), other.fd(), name(targetName));
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
        return view(type, null);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return view(type, name(path));
    }

    @Override
    public Iterator<Path> iterator() {
        requireOpen();
        if (iterated) {
            throw new IllegalStateException("iterator already obtained");
        }
        iterated = true;
        try {
            return Posix.listNames(fd).stream().map(Path::of).iterator();
        } catch (IOException e) {
            throw new DirectoryIteratorException(e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Posix.close(fd);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("directory descriptor closed");
        }
    }

    private static String name(Path path) {
        String name = path.toString();
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a single name is required, got " + name);
        }
        return name;
    }

    private static int modeOf(FileAttribute<?>... attributes) {
        for (FileAttribute<?> attribute : attributes) {
            if (attribute.name().equals("posix:permissions") && attribute.value() instanceof Set<?> set) {
                int mode = 0;
                for (Object permission : set) {
                    mode |= 1 << (8 - ((PosixFilePermission) permission).ordinal());
                }
                return mode;
            }
        }
        return 0600;
    }

    private <V extends FileAttributeView> V view(Class<V> type, String name) {
        if (type != PosixFileAttributeView.class && type != BasicFileAttributeView.class) {
            return null;
        }
        return type.cast(new View(name));
    }

    /** The attribute view of this directory ({@code name == null}) or of one entry, never following links. */
    private final class View implements PosixFileAttributeView {
        private final String entry;

        View(String entry) {
            this.entry = entry;
        }

        @Override
        public String name() {
            return "posix";
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            Posix.Stat stat = entry == null ? stat() : Posix.lstatOrNull(fd(), entry);
            if (stat == null) {
                throw new NoSuchFileException(entry);
            }
            return new NativeAttributes(stat);
        }

        @Override
        public void setTimes(FileTime modified, FileTime accessed, FileTime created) throws IOException {
            if (entry == null) {
                Posix.setTimes(
                        fd(),
                        accessed == null ? null : accessed.toInstant(),
                        modified == null ? null : modified.toInstant());
            } else {
                NativeDirectory.this.setTimes(entry, accessed, modified);
            }
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
            int mode = FileStat.permissionBits(permissions);
            if (entry == null) {
                Posix.fchmod(fd(), mode);
            } else {
                chmod(entry, mode);
            }
        }

        @Override
        public void setGroup(GroupPrincipal group) {
            throw new UnsupportedOperationException("use Ownership (numeric ids)");
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return readAttributes().owner();
        }

        @Override
        public void setOwner(UserPrincipal owner) {
            throw new UnsupportedOperationException("use Ownership (numeric ids)");
        }
    }
}
