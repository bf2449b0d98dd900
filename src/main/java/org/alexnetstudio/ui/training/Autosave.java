package org.alexnetstudio.ui.training;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a run's automatic checkpoint goes: one file per run in one folder
 * ({@code ~/.alexnet-studio/autosave}), rewritten after every epoch (atomically, by
 * {@code Checkpoint.save}) so a crash or a kill loses at most one epoch, and removed when the run is
 * saved or discarded. A run kept when the window closes stays there until the student loads or
 * deletes it; at most {@link #KEEP} files are kept, the oldest go first.
 */
public final class Autosave {

    /** Files kept at most (each run's last state; the oldest are removed at start-up beyond this). */
    public static final int KEEP = 10;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path folder;

    public Autosave(Path folder) {
        this.folder = folder;
    }

    /** {@code -Dalexnet.autosaveDir}, else {@code ~/.alexnet-studio/autosave}. */
    public static Autosave user() {
        String forced = System.getProperty("alexnet.autosaveDir");
        return new Autosave(forced != null ? Path.of(forced)
                : Path.of(System.getProperty("user.home"), ".alexnet-studio", "autosave"));
    }

    public Path folder() {
        return folder;
    }

    /** A new run's file: its start time and number, so runs of different sessions never collide. */
    public Path newFile(int runNumber, LocalDateTime started) {
        return folder.resolve("run-" + STAMP.format(started) + "-" + runNumber + ".zip");
    }

    /** The kept checkpoints, newest first. */
    public List<Path> kept() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "run-*.zip")) {
            files.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(Autosave::modified).reversed().thenComparing(Comparator.reverseOrder()));
        return out;
    }

    /** Removes all but the newest {@link #KEEP} checkpoints, and temporary files an interrupted write left. */
    public void prune() {
        List<Path> kept = kept();
        for (int i = KEEP; i < kept.size(); i++) {
            remove(kept.get(i));
        }
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> tmp = Files.newDirectoryStream(folder, ".run-*.tmp")) {
                tmp.forEach(this::remove);
            } catch (IOException e) {
                // nothing to clean
            }
        }
    }

    public void remove(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("could not remove " + file + ": " + e.getMessage());
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
