package org.alexnetstudio.data;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one way the app writes a file (checkpoints, {@code .npz}, networks, code, CSV, PNG): into a
 * hidden temporary sibling {@code .NAME<digits>.tmp}, then a rename, so a failed or interrupted write
 * leaves the old file intact. The file gets the permissions of a plain create (the umask applies) or
 * keeps those of the file it replaces. Temporary files of writes cut short are removed when the JVM
 * exits (Ctrl+C runs the shutdown hook) and, if the process was killed, by the next write beside them.
 */
public final class AtomicFiles {

    /** Streams the content; the stream is closed by the caller. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * What a write left on disk, to notice later that someone else replaced or changed the file
     * (another run saving to the same path).
     */
    public record Written(Path file, Object fileKey, FileTime modified, long size) {

        /** What is on disk at {@code file} now; null when there is no file. */
        public static Written of(Path file) {
            try {
                Path target = file.toAbsolutePath();
                BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
                return new Written(target, a.fileKey(), a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return null;
            }
        }

        /** True when the file on disk is no longer the one this write left (a missing file is not a change). */
        public boolean changedOnDisk() {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return !Objects.equals(fileKey, a.fileKey()) || !modified.equals(a.lastModifiedTime())
                        || size != a.size();
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** A temp file untouched this long, and not locked by a writer, is left over from a killed process. */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deleteInFlight, "atomic-files-cleanup"));
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code file} atomically.
     *
     * @return what is on disk now, for {@link Written#changedOnDisk()}
     */
    public static Written write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        removeStaleTemps(target);
        Path temp = createTemp(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 FileLock lock = tryLock(ch)) {
                OutputStream out = new FilterOutputStream(Channels.newOutputStream(ch)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        this.out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the channel closes after force()
                    }
                };
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            keepPermissionsOf(target, temp);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Written written = Written.of(target);
            return written != null ? written : new Written(target, null, FileTime.fromMillis(0), -1);
        } finally {
            Files.deleteIfExists(temp);
            IN_FLIGHT.remove(temp);
        }
    }

    /** Writes UTF-8 text with {@code \n} line endings only (whatever mix {@code text} has). */
    public static Written writeText(Path file, String text) throws IOException {
        byte[] bytes = text.replace("\r\n", "\n").replace('\r', '\n').getBytes(StandardCharsets.UTF_8);
        return write(file, out -> out.write(bytes));
    }

    /**
     * Says before any work starts whether {@code file} can be written: not a folder, its folder
     * exists or can be made, and a file can be created in it (the probe is removed again).
     *
     * @throws DataException in words: a folder is in the way, the folder is read-only, ...
     */
    public static void checkWritable(Path file) throws DataException {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new DataException(file, "file.isFolder", file);
        }
        Path dir = target.getParent();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new DataException(file, "file.notInFolder", file, p);
                }
                break;
            }
        }
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path probe = createTemp(target);
            Files.deleteIfExists(probe);
            IN_FLIGHT.remove(probe);
        } catch (IOException e) {
            throw FileErrors.writing(file, e);
        }
    }

    /**
     * Removes this writer's leftovers beside {@code file}: {@code .NAME<digits>.tmp} files that no
     * write of this JVM or of another process (which holds a lock on it) is busy with and that have
     * not changed for a minute. Other files are never touched.
     *
     * @return how many were removed
     */
    public static int removeStaleTemps(Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        Pattern ours = tempPattern(target.getFileName().toString());
        Instant before = Instant.now().minus(STALE_AFTER);
        int removed = 0;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path temp : siblings) {
                if (IN_FLIGHT.contains(temp) || !Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(temp).toInstant().isAfter(before) || lockedByAnother(temp)) {
                        continue;
                    }
                    Files.deleteIfExists(temp);
                    removed++;
                } catch (IOException e) {
                    // in use or not ours to delete: leave it
                }
            }
        } catch (IOException e) {
            // the folder cannot be listed: nothing to clean
        }
        return removed;
    }

    /** The temporary files of {@code name}: a dot, the name, digits, {@code .tmp}. */
    static Pattern tempPattern(String name) {
        return Pattern.compile("\\." + Pattern.quote(name) + "\\d+\\.tmp");
    }

    private static Path createTemp(Path target) throws IOException {
        String prefix = "." + target.getFileName();
        for (int attempt = 0; ; attempt++) {
            Path temp = target.resolveSibling(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            IN_FLIGHT.add(temp);
            try {
                // a plain create: the umask decides the permissions, as for any new file
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                IN_FLIGHT.remove(temp);
                if (attempt > 100) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                IN_FLIGHT.remove(temp);
                throw e;
            }
        }
    }

    /** The replaced file's permissions stay; a new file keeps the plain create's. */
    private static void keepPermissionsOf(Path target, Path temp) {
        try {
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default
        }
    }

    /** A lock tells other processes' cleanups that this temp file is being written; null where locks fail. */
    private static FileLock tryLock(FileChannel ch) {
        try {
            return ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            return null;
        }
    }

    private static boolean lockedByAnother(Path temp) {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteInFlight() {
        for (Path temp : IN_FLIGHT) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // exiting anyway
            }
        }
    }
}
