package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic writer (issue 21 items 18, 19 and 22). */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> temps() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aNewFileGetsThePermissionsOfAPlainCreateAndAReplacedOneKeepsItsOwn() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain.txt")); // what the umask gives any new file
        Path written = dir.resolve("written.txt");
        AtomicFiles.writeText(written, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));

        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeText(written, "y");
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(written));
        assertEquals("y", Files.readString(written));
        assertEquals(List.of(), temps());
    }

    @Test
    void textHasOneLineEnding() throws IOException {
        Path file = dir.resolve("mixed.csv");
        AtomicFiles.writeText(file, "a,b\r\n1,2\n3,4\r5,6\n");
        assertArrayEquals("a,b\n1,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("keep.txt");
        AtomicFiles.writeText(file, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(), temps());
    }

    @Test
    void aWriteByAnotherProcessIsNoticed() throws IOException {
        Path file = dir.resolve("shared.ckpt");
        AtomicFiles.Written mine = AtomicFiles.writeText(file, "run A, epoch 1");
        assertFalse(mine.changedOnDisk());
        AtomicFiles.Written again = AtomicFiles.writeText(file, "run A, epoch 2");
        assertFalse(again.changedOnDisk());
        assertTrue(mine.changedOnDisk(), "the stamp of epoch 1 no longer matches");
        AtomicFiles.writeText(file, "run B, epoch 1"); // another run, same path
        assertTrue(again.changedOnDisk());
        Files.delete(file);
        assertFalse(again.changedOnDisk(), "a file that is gone is written again without a warning");
    }

    @Test
    void staleTemporaryFilesBesideTheTargetAreRemovedOthersAreNot() throws IOException {
        Path target = dir.resolve("run.ckpt");
        FileTime hourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Path stale = Files.writeString(dir.resolve(".run.ckpt4242.tmp"), "killed mid-save");
        Files.setLastModifiedTime(stale, hourAgo);
        Path fresh = Files.writeString(dir.resolve(".run.ckpt777.tmp"), "another process is writing this now");
        Path otherTarget = Files.writeString(dir.resolve(".run.ckpt.old4242.tmp"), "not beside run.ckpt");
        Files.setLastModifiedTime(otherTarget, hourAgo);
        Path notOurs = Files.writeString(dir.resolve(".run.ckpt-4242.tmp"), "another program's");
        Files.setLastModifiedTime(notOurs, hourAgo);
        AtomicFiles.writeText(target, "new");
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh) && Files.exists(otherTarget) && Files.exists(notOurs));
    }

    @Test
    void writabilityIsCheckedInWords() throws Exception {
        DataException folder = assertThrows(DataException.class, () -> AtomicFiles.checkWritable(dir));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
        Path file = Files.writeString(dir.resolve("f"), "");
        DataException under = assertThrows(DataException.class, () -> AtomicFiles.checkWritable(file.resolve("x")));
        assertTrue(under.getMessage().contains(file + " is a file, not a folder"), under.getMessage());
        AtomicFiles.checkWritable(dir.resolve("new/sub/x.ckpt")); // folders are made, like the save does
        assertTrue(Files.isDirectory(dir.resolve("new/sub")));
        assertEquals(List.of(), temps());
    }

    /**
     * Ctrl+C (SIGINT; SIGTERM where SIGINT is ignored) during a save: the JVM's shutdown hook removes the
     * half-written temporary file.
     */
    @Test
    void anInterruptedSaveLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("big.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowSave.class.getName(), target.toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", r.readLine());
            assertEquals(1, temps().size(), "the save is under way");
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                // A JVM keeps SIGINT ignored when it inherits it ignored (a test run started in the background,
                // `cmd &`); SIGTERM, what a logout or `kill` sends, runs the same shutdown hooks.
                new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), temps());
        assertFalse(Files.exists(target));
    }

    /** Writes part of a file, says so, then waits to be interrupted. */
    public static final class SlowSave {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    void removingStaleFilesNeverTouchesAFileBeingWritten() throws Exception {
        Path target = dir.resolve("x.bin");
        AtomicFiles.write(target, out -> {
            List<Path> during = temps();
            assertEquals(1, during.size());
            Files.setLastModifiedTime(during.get(0), FileTime.from(Instant.now().minusSeconds(3600)));
            assertEquals(0, AtomicFiles.removeStaleTemps(target), "this JVM is writing it");
            assertTrue(Files.exists(during.get(0)));
            out.write(1);
        });
        assertEquals(1, Files.size(target));
    }
}
