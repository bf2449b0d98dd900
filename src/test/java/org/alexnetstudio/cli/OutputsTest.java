package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.train.Checkpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 items 11, 14, 18 and 19: what the commands write, and what happens when they cannot. */
class OutputsTest {

    @TempDir
    Path dir;
    Path data;
    Path checkpoint;

    @BeforeEach
    void sample() throws IOException {
        data = CliRun.sampleData(dir);
    }

    /** LeNet on 100 + 50 images, 2 epochs unless {@code more} says otherwise. */
    private static final String[] TINY = {"--preset", "lenet", "--train-limit", "100", "--test-limit", "50",
        "--batch", "50"};

    private CliRun.Result train(String... more) {
        return trainWatching(line -> { }, more);
    }

    private CliRun.Result trainWatching(java.util.function.Consumer<String> onLine, String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(TINY));
        args.addAll(List.of("--data", data.toString()));
        if (!List.of(more).contains("--epochs")) {
            args.addAll(List.of("--epochs", "2"));
        }
        args.addAll(List.of(more));
        return CliRun.run(onLine, args.toArray(String[]::new));
    }

    /** Places no file can be written, even by root: a folder in the way, a file where a folder should be. */
    private List<Path> unwritable() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        List<Path> places = new ArrayList<>(List.of(folder, file.resolve("out.bin")));
        if (!CliRun.isRoot()) {
            Path readOnly = Files.createDirectories(dir.resolve("read-only"));
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
            places.add(readOnly.resolve("out.bin"));
        }
        return places;
    }

    @Test
    void anUnwritableSaveOrExportIsRefusedBeforeTraining() throws IOException {
        for (Path bad : unwritable()) {
            for (String option : new String[] {"--save", "--export-npz"}) {
                CliRun.Result r = train(option, bad.toString());
                assertEquals(ExitCode.OUTPUT, r.code(), option + " " + bad + ": " + r.err());
                assertFalse(r.out().contains("epoch 1"), "refused before training: " + r.out());
                assertTrue(r.err().contains(bad.toString()) && r.err().contains("cannot be written")
                        || r.err().contains("is a folder"), r.err());
                assertFalse(r.hasStackTrace(), r.err());
            }
        }
    }

    @Test
    void aSaveThatFailsDuringTheRunMakesTheExitStatusNonZero() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("runs"));
        Path ckpt = folder.resolve("run.ckpt");
        // After epoch 1's line is printed and before its checkpoint is written, the folder becomes a
        // file: every save from then on fails, as on a full disk or a removed USB stick.
        CliRun.Result r = trainWatching(line -> {
            if (line.startsWith("epoch 1,")) {
                try {
                    Files.delete(folder);
                    Files.writeString(folder, "not a folder any more");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "--save", ckpt.toString());
        assertTrue(r.out().contains("epoch 2,"), "training goes on: " + r.out());
        assertEquals(ExitCode.OUTPUT, r.code(), r.err());
        assertTrue(r.err().contains("run.ckpt cannot be written"), r.err());
        assertTrue(r.err().contains("saving the checkpoint " + ckpt + " failed"), r.err());
        assertFalse(r.hasStackTrace(), r.err());
    }

    @Test
    void everyCommandWithAnUnwritableOutputSaysSoInOneLineWithoutAStackTrace() throws IOException {
        Path ckpt = dir.resolve("ok.ckpt");
        assertEquals(0, train("--epochs", "1", "--save", ckpt.toString()).code());
        for (Path bad : unwritable()) {
            String b = bad.toString();
            List<String[]> commands = List.of(
                    new String[] {"data", "--dir", data.toString(), "--show", "10", "--out", b},
                    new String[] {"train", "--preset", "lenet", "--data", data.toString(), "--save", b},
                    new String[] {"train", "--preset", "lenet", "--data", data.toString(), "--export-npz", b},
                    new String[] {"predict", "--checkpoint", ckpt.toString(), "--data", data.toString(),
                        "--test-indices", "0-1", "--logits", b});
            for (String[] command : commands) {
                CliRun.Result r = CliRun.run(command);
                String what = String.join(" ", command);
                assertEquals(ExitCode.OUTPUT, r.code(), what + "\n" + r.err());
                assertFalse(r.hasStackTrace(), what + "\n" + r.err());
                assertTrue(r.err().strip().lines().count() <= 2, what + "\n" + r.err());
                assertTrue(r.err().contains(b), what + "\n" + r.err());
            }
        }
        // the commands without file outputs have nothing to refuse
        assertEquals(0, CliRun.run("shapes", "--preset", "lenet").code());
    }

    @Test
    void anotherRunReplacingTheCheckpointIsNoticed() throws Exception {
        Path ckpt = dir.resolve("shared.ckpt");
        Path other = dir.resolve("other.ckpt");
        assertEquals(0, train("--epochs", "1", "--save", other.toString()).code());
        // When epoch 2's line is printed (after epoch 1 was saved), "another run" replaces the file.
        CliRun.Result r = trainWatching(line -> {
            if (line.startsWith("epoch 2,")) {
                try {
                    Files.copy(other, ckpt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "--save", ckpt.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(ckpt + " changed on disk since this run last saved it"), r.err());
        assertEquals(2, Checkpoint.load(ckpt).epochsCompleted()); // this run's epoch 2 is what is there now
        // a run alone with its file says nothing of the kind
        CliRun.Result alone = train("--save", dir.resolve("alone.ckpt").toString());
        assertFalse(alone.err().contains("changed on disk"), alone.err());
    }

    @Test
    void leftoversOfAKilledSaveAreRemovedAtTheNextStartAndNothingElse() throws IOException {
        Path ckpt = dir.resolve("run.ckpt");
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        Path stale = Files.writeString(dir.resolve(".run.ckpt8812736451.tmp"), "half a checkpoint");
        Files.setLastModifiedTime(stale, old);
        Path otherTarget = Files.writeString(dir.resolve(".other.ckpt8812736451.tmp"), "not ours to judge");
        Files.setLastModifiedTime(otherTarget, old);
        Path similar = Files.writeString(dir.resolve(".run.ckpt.tmp"), "not our pattern");
        Files.setLastModifiedTime(similar, old);
        Path userFile = Files.writeString(dir.resolve("run.ckpt.bak"), "the student's");
        Files.setLastModifiedTime(userFile, old);
        CliRun.Result ok = train("--epochs", "1", "--save", ckpt.toString());
        assertEquals(0, ok.code(), ok.err());
        assertFalse(Files.exists(stale), "the leftover beside run.ckpt is removed");
        assertTrue(Files.exists(otherTarget) && Files.exists(similar) && Files.exists(userFile));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().matches("\\.run\\.ckpt\\d+\\.tmp"))
                    .toList());
        }
    }

    @Test
    void readOnlyFolderIsRefused() throws IOException {
        assumeFalse(CliRun.isRoot(), "root writes into read-only folders");
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        CliRun.Result r = train("--save", readOnly.resolve("x.ckpt").toString());
        assertEquals(ExitCode.OUTPUT, r.code(), r.err());
        assertTrue(r.err().contains("permission denied"), r.err());
    }
}
