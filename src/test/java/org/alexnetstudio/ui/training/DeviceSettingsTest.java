package org.alexnetstudio.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.DevicePreference;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.ui.shared.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Device setting without a GPU: the engine's outcome comes in as EngineInfo values. */
class DeviceSettingsTest {

    private static final String NO_DRIVER = "no NVIDIA driver was found (libcuda.so.1); install NVIDIA's driver 580";

    private final Preferences node = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final DevicePreference store = new DevicePreference(node);
    private final List<DeviceChoice> applied = new ArrayList<>();

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    private static EngineInfo cpu(DeviceChoice requested, String whyNoGpu) {
        return new EngineInfo("CPU", "cpu", "2 cores", "ONEDNN", 2, false, 500).chosen(requested, whyNoGpu);
    }

    @Test
    void offersAutomaticCpuAndGpuAndAppliesAChangeForTheNextRun() {
        DeviceSettings d = new DeviceSettings(Fixtures.EN, store, applied::add);
        assertEquals(List.of(DeviceChoice.AUTO, DeviceChoice.CPU, DeviceChoice.GPU), d.options());
        assertTrue(d.canChoose());
        assertEquals(DeviceChoice.AUTO, d.selectedProperty().get());
        assertEquals("", d.noteProperty().get());

        d.choose(DeviceChoice.CPU);
        assertEquals(List.of(DeviceChoice.CPU), applied, "started at once, no restart");
        assertEquals(DeviceChoice.CPU, store.load(), "remembered for the next start");
        assertEquals("Switching to CPU for the next run…", d.noteProperty().get());
        d.engineStarted(cpu(DeviceChoice.CPU, null));
        assertEquals("", d.noteProperty().get(), "the CPU was chosen: nothing to explain");
        assertEquals(DeviceChoice.CPU, new DeviceSettings(Fixtures.EN, store, applied::add).selectedProperty().get());

        d.choose(DeviceChoice.CPU);
        assertEquals(1, applied.size(), "the same choice again changes nothing");
    }

    @Test
    void withoutAUsableGpuTheNoteSaysWhatIsMissing() {
        DeviceSettings d = new DeviceSettings(Fixtures.EN, store, applied::add);
        d.engineStarted(cpu(DeviceChoice.AUTO, NO_DRIVER));
        assertEquals("No usable GPU, so training runs on the CPU: " + NO_DRIVER + ".", d.noteProperty().get());

        d.choose(DeviceChoice.GPU);
        d.engineStarted(cpu(DeviceChoice.AUTO, NO_DRIVER)); // the earlier choice's engine reports late
        assertEquals("Switching to GPU (CUDA) for the next run…", d.noteProperty().get());
        d.engineStarted(cpu(DeviceChoice.GPU, NO_DRIVER));
        assertEquals("The GPU was asked for but it cannot be used here, so training runs on the CPU: " + NO_DRIVER
                + ".", d.noteProperty().get());
    }

    @Test
    void chineseLabels() {
        DeviceSettings d = new DeviceSettings(new Texts(java.util.Locale.SIMPLIFIED_CHINESE), store, applied::add);
        assertEquals("自动", d.label(DeviceChoice.AUTO));
        d.choose(DeviceChoice.GPU);
        assertEquals("正在切换到GPU（CUDA），下一次训练起生效…", d.noteProperty().get());
    }
}
