package org.alexnetstudio.ui.training;

import org.alexnetstudio.ui.shared.Run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutosaveTest {

    @TempDir
    Path dir;

    @Test
    void keepsAtMostTenCheckpointsNewestFirstAndCleansInterruptedWrites() throws Exception {
        Autosave a = new Autosave(dir);
        for (int i = 1; i <= 13; i++) {
            Path f = a.newFile(i, LocalDateTime.of(2026, 1, 1, 12, 0, i));
            Files.writeString(f, "x");
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L * i));
        }
        Path partial = dir.resolve(".run-20260101-120001-1.zip123.tmp");
        Files.writeString(partial, "partial");
        assertEquals(13, a.kept().size());
        a.prune();
        // 13 written, 10 kept: runs 4..13, newest first
        assertEquals(Autosave.KEEP, a.kept().size());
        assertTrue(a.kept().get(0).getFileName().toString().endsWith("-13.zip"), a.kept().toString());
        assertTrue(a.kept().get(9).getFileName().toString().endsWith("-4.zip"), a.kept().toString());
        assertFalse(Files.exists(partial), "a partial write is removed");
    }

    @Test
    void aRunThatNeverSavedItsWeightsNeedsSavingUntilItIs() {
        TrainingViewModel vm = Fixtures.synchronousVm(1);
        vm.setAutosave(new Autosave(dir));
        Run run = vm.start(Fixtures.tinyCnn()).orElseThrow();
        assertEquals(Run.Status.FINISHED, run.status());
        assertTrue(run.needsSaving());
        assertTrue(Files.exists(run.autosaveFile()), "written after the epoch");
        assertEquals(java.util.List.of(run), vm.runsNeedingSave());
        vm.saveCheckpoint(dir.resolve("mine.zip"));
        assertFalse(run.needsSaving());
        assertFalse(Files.exists(run.autosaveFile()), "removed once the run is saved");
    }
}
