package dev.pinion.filesystem;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Linux system calls the descriptor walk needs ({@code openat}, {@code statx}, {@code renameat},
 * {@code unlinkat}, {@code mkdirat}, {@code linkat}, {@code readlinkat}, {@code fchownat},
 * {@code fchmodat}, {@code utimensat}, {@code getdents} through {@code fdopendir}), bound once through
 * {@code java.lang.foreign}. Every call returns or throws; none of them can block on a FIFO: nothing
 * here opens a file for I/O except {@link #openat} with the caller's flags, and the callers in this
 * package always pass {@code O_NONBLOCK} or {@code O_PATH} (see {@link NativeDirectory}).
 *
 * <p>Errors become the JDK's own exception types with the same reasons the JDK uses (ENOENT →
 * {@link NoSuchFileException}, ELOOP → a reason mentioning "symbolic links", EXDEV on rename →
 * {@link AtomicMoveNotSupportedException}), so {@link IoErrors} maps them to Wings' kinds unchanged.
 * Linux only (x86-64 and aarch64 flag values); the daemon refuses to start elsewhere.
 */
final class Posix {
    static final int AT_FDCWD = -100;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;
    static final int O_TMPFILE;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_SYMLINK_FOLLOW = 0x400;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;
    static final int EOPNOTSUPP = 95;

    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;

    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_BTIME = 0x800;
    private static final long STATX_SIZE = 256;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    private static final MethodHandle OPENAT = bind("openat", FunctionDescriptor.of(INT, INT, ADDR, INT, INT), 3);
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(INT, INT), -1);
    private static final MethodHandle STATX = bind("statx", FunctionDescriptor.of(INT, INT, ADDR, INT, INT, ADDR), -1);
    private static final MethodHandle RENAMEAT = bind("renameat", FunctionDescriptor.of(INT, INT, ADDR, INT, ADDR), -1);
    private static final MethodHandle UNLINKAT = bind("unlinkat", FunctionDescriptor.of(INT, INT, ADDR, INT), -1);
    private static final MethodHandle MKDIRAT = bind("mkdirat", FunctionDescriptor.of(INT, INT, ADDR, INT), -1);
    private static final MethodHandle LINKAT =
            bind("linkat", FunctionDescriptor.of(INT, INT, ADDR, INT, ADDR, INT), -1);
    private static final MethodHandle READLINKAT =
            bind("readlinkat", FunctionDescriptor.of(LONG, INT, ADDR, ADDR, LONG), -1);
    private static final MethodHandle FCHOWNAT =
            bind("fchownat", FunctionDescriptor.of(INT, INT, ADDR, INT, INT, INT), -1);
    private static final MethodHandle FCHMOD = bind("fchmod", FunctionDescriptor.of(INT, INT, INT), -1);
    private static final MethodHandle FCHMODAT = bind("fchmodat", FunctionDescriptor.of(INT, INT, ADDR, INT, INT), -1);
    private static final MethodHandle UTIMENSAT =
            bind("utimensat", FunctionDescriptor.of(INT, INT, ADDR, ADDR, INT), -1);
    private static final MethodHandle GETDENTS64 = bind("getdents64", FunctionDescriptor.of(LONG, INT, ADDR, LONG), -1);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDR, INT));

    /** struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name. */
    private static final long DIRENT_RECLEN_OFFSET = 16;

    private static final long DIRENT_NAME_OFFSET = 19;
    private static final long DIRENT_BUFFER = 32 * 1024;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        O_DIRECTORY = arm ? 040000 : 0200000;
        O_NOFOLLOW = arm ? 0100000 : 0400000;
        O_TMPFILE = 020000000 | O_DIRECTORY;
    }

    private Posix() {}

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, int firstVariadic) {
        var symbol = LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name + " (Linux with glibc is required)"));
        Linker.Option capture = Linker.Option.captureCallState("errno");
        return firstVariadic < 0
                ? LINKER.downcallHandle(symbol, descriptor, capture)
                : LINKER.downcallHandle(symbol, descriptor, capture, Linker.Option.firstVariadicArg(firstVariadic));
    }

    /** The file status of one entry or descriptor, from statx. */
    record Stat(
            int mode,
            long size,
            long inode,
            long device,
            int uid,
            int gid,
            Instant accessed,
            Instant modified,
            Instant changed,
            Instant born) {
        int type() {
            return mode & S_IFMT;
        }

        boolean isDirectory() {
            return type() == S_IFDIR;
        }

        boolean isRegularFile() {
            return type() == S_IFREG;
        }

        boolean isSymbolicLink() {
            return type() == S_IFLNK;
        }
    }

    static int openat(int directory, String name, int flags, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment path = cName(arena, name);
            while (true) {
                int fd = (int) OPENAT.invokeExact(errno, directory, path, flags, mode);
                if (fd >= 0) {
                    return fd;
                }
                int error = errno(errno);
                if (error != EINTR) {
                    throw exception(error, name, null);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** statx of {@code name} in {@code directory}, never following a final symlink; null when missing. */
    static Stat lstatOrNull(int directory, String name) throws IOException {
        try {
            return statx(directory, name, AT_SYMLINK_NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** fstat of an open descriptor (an O_PATH one included). */
    static Stat fstat(int fd) throws IOException {
        return statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
    }

    private static Stat statx(int directory, String name, int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment buffer = arena.allocate(STATX_SIZE, 8);
            int r = (int) STATX.invokeExact(
                    errno, directory, cName(arena, name), flags, STATX_BASIC_STATS | STATX_BTIME, buffer);
            if (r != 0) {
                throw exception(errno(errno), name, null);
            }
            int mask = buffer.get(INT, 0);
            int uid = buffer.get(INT, 20);
            int gid = buffer.get(INT, 24);
            int mode = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT, 28));
            long inode = buffer.get(LONG, 32);
            long size = buffer.get(LONG, 40);
            Instant accessed = timestamp(buffer, 64);
            Instant born = (mask & STATX_BTIME) != 0 ? timestamp(buffer, 80) : null;
            Instant changed = timestamp(buffer, 96);
            Instant modified = timestamp(buffer, 112);
            long device = ((long) buffer.get(INT, 136) << 32) | Integer.toUnsignedLong(buffer.get(INT, 140));
            return new Stat(
                    mode, size, inode, device, uid, gid, accessed, modified, changed, born == null ? modified : born);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Instant timestamp(MemorySegment buffer, long offset) {
        return Instant.ofEpochSecond(buffer.get(LONG, offset), Integer.toUnsignedLong(buffer.get(INT, offset + 8)));
    }

    static void renameat(int fromDirectory, String from, int toDirectory, String to) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int r = (int) RENAMEAT.invokeExact(errno, fromDirectory, cName(arena, from), toDirectory, cName(arena, to));
            if (r != 0) {
                throw exception(errno(errno), from, to);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void unlinkat(int directory, String name, int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int r = (int) UNLINKAT.invokeExact(errno, directory, cName(arena, name), flags);
            if (r != 0) {
                throw exception(errno(errno), name, null);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void mkdirat(int directory, String name, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int r = (int) MKDIRAT.invokeExact(errno, directory, cName(arena, name), mode);
            if (r != 0) {
                throw exception(errno(errno), name, null);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Gives an anonymous (O_TMPFILE) descriptor a name in {@code directory}; fails if the name exists. */
    static void linkDescriptor(int fd, int directory, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int r = (int) LINKAT.invokeExact(
                    errno, AT_FDCWD, cName(arena, procPath(fd)), directory, cName(arena, name), AT_SYMLINK_FOLLOW);
            if (r != 0) {
                throw exception(errno(errno), name, null);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static String readlinkat(int directory, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment buffer = arena.allocate(4097);
            long n = (long) READLINKAT.invokeExact(errno, directory, cName(arena, name), buffer, 4096L);
            if (n < 0) {
                throw exception(errno(errno), name, null);
            }
            return FileNameBytes.decode(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** fchown of a descriptor (O_PATH ones included: AT_EMPTY_PATH), never through a link. */
    static void fchown(int fd, int uid, int gid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int r = (int)
                    FCHOWNAT.invokeExact(errno, fd, cName(arena, ""), uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
            if (r != 0) {
                throw exception(errno(errno), "fd " + fd, null);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** fchmod of a descriptor opened for I/O. */
    static void fchmod(int fd, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int r = (int) FCHMOD.invokeExact(errno, fd, mode);
            if (r != 0) {
                throw exception(errno(errno), "fd " + fd, null);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * chmod of the inode an O_PATH descriptor refers to, through its /proc/self/fd magic link (which
     * names that inode, not a path the container can swap) — what glibc's fchmodat(AT_SYMLINK_NOFOLLOW)
     * does internally. fchmod itself refuses O_PATH descriptors.
     */
    static void chmodPathDescriptor(int fd, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int r = (int) FCHMODAT.invokeExact(errno, AT_FDCWD, cName(arena, procPath(fd)), mode, 0);
            if (r != 0) {
                throw exception(errno(errno), "fd " + fd, null);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sets access and modification times of the inode behind a descriptor (O_PATH included). */
    static void setTimes(int fd, Instant accessed, Instant modified) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment times = arena.allocate(32, 8);
            putTime(times, 0, accessed);
            putTime(times, 16, modified);
            int r = (int) UTIMENSAT.invokeExact(errno, AT_FDCWD, cName(arena, procPath(fd)), times, 0);
            if (r != 0) {
                throw exception(errno(errno), "fd " + fd, null);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void putTime(MemorySegment times, long offset, Instant time) {
        final long utimeOmit = (1L << 30) - 2;
        if (time == null) {
            times.set(LONG, offset, 0);
            times.set(LONG, offset + 8, utimeOmit);
        } else {
            times.set(LONG, offset, time.getEpochSecond());
            times.set(LONG, offset + 8, time.getNano());
        }
    }

    /**
     * The names in an open directory (without "." and ".."), read with getdents64 on its descriptor
     * (which must not have been read before: the directory offset advances).
     */
    static List<String> listNames(int directory) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment buffer = arena.allocate(DIRENT_BUFFER, 8);
            List<String> names = new ArrayList<>();
            while (true) {
                long n = (long) GETDENTS64.invokeExact(errno, directory, buffer, DIRENT_BUFFER);
                if (n < 0) {
                    int error = errno(errno);
                    if (error == EINTR) {
                        continue;
                    }
                    throw exception(error, "fd " + directory, null);
                }
                if (n == 0) {
                    return names;
                }
                long offset = 0;
                while (offset < n) {
                    int length = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT, offset + DIRENT_RECLEN_OFFSET));
                    String name = direntName(buffer.asSlice(offset + DIRENT_NAME_OFFSET, length - DIRENT_NAME_OFFSET));
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                    offset += length;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The NUL-terminated bytes of a name for the kernel: {@link FileNameBytes} restores the exact
     * bytes of names that were not valid UTF-8 (getString/allocateFrom would replace them).
     */
    private static MemorySegment cName(Arena arena, String name) {
        byte[] bytes = FileNameBytes.encode(name);
        MemorySegment segment = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        segment.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return segment;
    }

    /** The name of one dirent record, up to its NUL, decoded without loss. */
    private static String direntName(MemorySegment field) {
        int length = 0;
        while (length < field.byteSize() && field.get(ValueLayout.JAVA_BYTE, length) != 0) {
            length++;
        }
        return FileNameBytes.decode(field.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
    }

    /** The /proc magic link of a descriptor: it names the open inode itself, never a path. */
    static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** The JDK's mapping of an errno to an exception (UnixException.translateToIOException). */
    static IOException exception(int errno, String file, String other) {
        return switch (errno) {
            case EACCES, 1 -> new AccessDeniedException(file, other, strerror(errno));
            case ENOENT -> new NoSuchFileException(file, other, null);
            case EEXIST -> new FileAlreadyExistsException(file, other, null);
            case ENOTDIR -> new NotDirectoryException(file);
            case ENOTEMPTY -> new DirectoryNotEmptyException(file);
            case EXDEV -> new AtomicMoveNotSupportedException(file, other, strerror(errno));
            case ELOOP ->
                new FileSystemException(
                        file, other, strerror(errno) + " or unable to access attributes of symbolic link");
            default -> new ErrnoException(file, other, strerror(errno), errno);
        };
    }

    /** An I/O error that keeps its errno, for callers that branch on it (EOPNOTSUPP from O_TMPFILE). */
    static final class ErrnoException extends FileSystemException {
        private final int errno;

        ErrnoException(String file, String other, String reason, int errno) {
            super(file, other, reason);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    private static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
