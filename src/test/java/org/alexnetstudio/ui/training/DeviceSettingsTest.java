package org.alexnetstudio.ui.training;

import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.DevicePreference;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.ui.shared.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No GPU here: the CUDA build's choices are tested through the build flag and EngineInfo values. */
class DeviceSettingsTest {

    private final Preferences node = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final DevicePreference store = new DevicePreference(node);

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    private static EngineInfo cpu(boolean fellBack, DeviceChoice requested) {
        return new EngineInfo("CPU", "cpu", "2 cores", "ONEDNN", 2, fellBack, 500, requested);
    }

    @Test
    void theCpuOnlyBuildOffersOnlyTheCpuAndSaysWhy() {
        store.save(DeviceChoice.GPU); // e.g. saved by a CUDA build of the app
        DeviceSettings d = new DeviceSettings(Fixtures.EN, store, false, DeviceChoice.GPU);
        assertEquals(List.of(DeviceChoice.CPU), d.options());
        assertFalse(d.canChoose());
        assertEquals(DeviceChoice.CPU, d.selectedProperty().get());
        assertFalse(d.restartNeededProperty().get());
        assertTrue(d.noteProperty().get().startsWith("This build trains on the CPU only"), d.noteProperty().get());
        d.choose(DeviceChoice.GPU);
        assertEquals(DeviceChoice.CPU, d.selectedProperty().get(), "GPU is not offered, so not taken");
    }

    @Test
    void inTheCudaBuildAChangeIsSavedAndAppliesAfterARestart() {
        DeviceSettings d = new DeviceSettings(Fixtures.EN, store, true, DeviceChoice.AUTO);
        assertEquals(List.of(DeviceChoice.AUTO, DeviceChoice.CPU, DeviceChoice.GPU), d.options());
        assertEquals(DeviceChoice.AUTO, d.selectedProperty().get());
        assertEquals("", d.noteProperty().get());

        d.choose(DeviceChoice.CPU);
        assertEquals(DeviceChoice.CPU, store.load(), "saved for the next start");
        assertTrue(d.restartNeededProperty().get());
        assertEquals("Saved: CPU is used from the next start of AlexNet Studio.", d.noteProperty().get());
        // The next start reads it back.
        assertEquals(DeviceChoice.CPU, new DeviceSettings(Fixtures.EN, store, true, DeviceChoice.CPU)
                .selectedProperty().get());

        d.choose(DeviceChoice.AUTO); // back to what runs now
        assertFalse(d.restartNeededProperty().get());
        assertEquals("", d.noteProperty().get());
    }

    @Test
    void withoutAUsableGpuTheNoteSaysTrainingIsOnTheCpu() {
        DeviceSettings d = new DeviceSettings(Fixtures.EN, store, true, DeviceChoice.AUTO);
        d.engineStarted(cpu(true, DeviceChoice.AUTO));
        assertEquals("No usable GPU was found, so training runs on the CPU.", d.noteProperty().get());
        store.save(DeviceChoice.CPU);
        DeviceSettings forced = new DeviceSettings(Fixtures.EN, store, true, DeviceChoice.CPU);
        forced.engineStarted(cpu(false, DeviceChoice.CPU));
        assertEquals("", forced.noteProperty().get(), "the CPU was chosen: nothing to explain");
    }

    @Test
    void chineseLabels() {
        DeviceSettings d = new DeviceSettings(new Texts(java.util.Locale.SIMPLIFIED_CHINESE), store, true,
                DeviceChoice.AUTO);
        assertEquals("自动（有 GPU 时用 GPU）", d.label(DeviceChoice.AUTO));
        d.choose(DeviceChoice.GPU);
        assertEquals("已保存：下次启动 AlexNet Studio 时使用GPU（CUDA）。", d.noteProperty().get());
    }
}
