package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

/**
 * The device choice without a GPU: parsing, the saved preference, and which backend a choice selects
 * (stand-in backends play a usable, a missing and a broken GPU).
 */
class DeviceChoiceTest {

    @Test
    void parsesTheCliWords() {
        assertEquals(DeviceChoice.CPU, DeviceChoice.parse("cpu"));
        assertEquals(DeviceChoice.GPU, DeviceChoice.parse(" GPU "));
        assertEquals(DeviceChoice.AUTO, DeviceChoice.parse("auto"));
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
        assertEquals("Unknown device \"tpu\": use cpu, gpu or auto.", TrainMessages.format(java.util.Locale.ENGLISH,
                "device.unknown", "tpu"));
        assertTrue(e.getMessage().contains("tpu"));
    }

    @Test
    void thePreferenceIsRememberedAndAutoByDefault() throws Exception {
        Preferences node = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
        try {
            DevicePreference p = new DevicePreference(node);
            assertEquals(DeviceChoice.AUTO, p.load());
            p.save(DeviceChoice.CPU);
            assertEquals(DeviceChoice.CPU, new DevicePreference(node).load());
            node.put(DevicePreference.KEY, "quantum");
            assertEquals(DeviceChoice.AUTO, p.load(), "an unknown stored value falls back to auto");
        } finally {
            node.removeNode();
        }
    }

    /** A stand-in backend: a device, whether it is a GPU, and what it lacks (null: usable). */
    private static Backend fake(String device, boolean gpu, String missing) {
        return new Backend() {
            @Override
            public String device() {
                return device;
            }

            @Override
            public boolean isGpu() {
                return gpu;
            }

            @Override
            public String unavailable() {
                return missing;
            }

            @Override
            public EngineInfo awaitReady() {
                if (gpu && missing != null) {
                    throw new IllegalStateException(missing);
                }
                return new EngineInfo(gpu ? "CUDA" : "CPU", device, gpu ? "Test GPU" : "2 cores", "", 1, false, 1);
            }

            @Override
            public Network build(org.alexnetstudio.model.NetworkSpec spec, long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MemoryUse memoryUse(org.alexnetstudio.model.NetworkAnalysis analysis, int batchSize, boolean momentum) {
                return new MemoryUse(0, 0, 0);
            }

            @Override
            public long availableBytes() {
                return 0;
            }
        };
    }

    private static final String NO_DRIVER = "no NVIDIA driver was found (libcuda.so.1)";

    @Test
    void automaticTakesAUsableGpuAndOtherwiseTheCpuWithTheReason() {
        Backend cpu = fake("cpu", false, null);
        Backend gpu = fake("cuda:0", true, null);
        Networks.Selection s = Networks.start(DeviceChoice.AUTO, List.of(cpu, gpu));
        assertSame(gpu, s.backend());
        assertTrue(s.engine().isGpu());
        assertFalse(s.engine().fellBack());

        Backend missing = fake("cuda:0", true, NO_DRIVER);
        s = Networks.start(DeviceChoice.AUTO, List.of(cpu, missing));
        assertSame(cpu, s.backend());
        assertFalse(s.refused(), "automatic falls back");
        assertTrue(s.engine().fellBack());
        assertEquals(NO_DRIVER, s.gpuMissing());
        assertEquals("No usable GPU, so training runs on the CPU: " + NO_DRIVER + ".", inEnglish(s.engine()));
    }

    @Test
    void askingForTheGpuWithoutOneIsRefusedWithTheReason() {
        Backend cpu = fake("cpu", false, null);
        Networks.Selection s = Networks.start(DeviceChoice.GPU, List.of(cpu, fake("cuda:0", true, NO_DRIVER)));
        assertTrue(s.refused());
        assertSame(cpu, s.backend(), "the window trains on the CPU and says why");
        assertTrue(s.engine().gpuMissing());
        assertEquals("The GPU was asked for but it cannot be used here, so training runs on the CPU: " + NO_DRIVER
                + ".", inEnglish(s.engine()));
        // A build without a GPU backend at all says so.
        Networks.Selection none = Networks.start(DeviceChoice.GPU, List.of(cpu));
        assertTrue(none.refused());
        assertEquals("this build has no GPU backend", none.gpuMissing());
    }

    @Test
    void choosingTheCpuNeverAsksTheGpu() {
        Backend cpu = fake("cpu", false, null);
        Backend gpu = new Backend() {
            final Backend inner = fake("cuda:0", true, null);

            @Override
            public String device() {
                return inner.device();
            }

            @Override
            public boolean isGpu() {
                return true;
            }

            @Override
            public String unavailable() {
                throw new AssertionError("the GPU was probed although the CPU was chosen");
            }

            @Override
            public EngineInfo awaitReady() {
                throw new AssertionError("the GPU was started although the CPU was chosen");
            }

            @Override
            public Network build(org.alexnetstudio.model.NetworkSpec spec, long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MemoryUse memoryUse(org.alexnetstudio.model.NetworkAnalysis a, int b, boolean m) {
                return inner.memoryUse(a, b, m);
            }

            @Override
            public long availableBytes() {
                return 0;
            }
        };
        Networks.Selection s = Networks.start(DeviceChoice.CPU, List.of(gpu, cpu));
        assertSame(cpu, s.backend());
        assertFalse(s.engine().fellBack());
        assertTrue(s.engine().summary().endsWith("; CPU chosen"), s.engine().summary());
    }

    @Test
    void aGpuThatFailsToStartFallsBackLikeAMissingOne() {
        Backend cpu = fake("cpu", false, null);
        Backend broken = new Backend() {
            @Override
            public String device() {
                return "cuda:0";
            }

            @Override
            public boolean isGpu() {
                return true;
            }

            @Override
            public EngineInfo awaitReady() {
                throw new IllegalStateException("cudnnCreate failed: CUDNN_STATUS_NOT_INITIALIZED");
            }

            @Override
            public Network build(org.alexnetstudio.model.NetworkSpec spec, long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MemoryUse memoryUse(org.alexnetstudio.model.NetworkAnalysis a, int b, boolean m) {
                return new MemoryUse(0, 0, 0);
            }

            @Override
            public long availableBytes() {
                return 0;
            }
        };
        Networks.Selection s = Networks.start(DeviceChoice.AUTO, List.of(cpu, broken));
        assertSame(cpu, s.backend());
        assertTrue(s.gpuMissing().contains("CUDNN_STATUS_NOT_INITIALIZED"), s.gpuMissing());
    }

    @Test
    void bothBackendsAreRegisteredAndTheCpuIsTheDefault() {
        List<String> devices = Networks.backends().stream().map(Backend::device).toList();
        assertEquals(List.of("cpu", "cuda:0"), devices);
        assertFalse(Networks.backend().isGpu(), "nothing chosen: the CPU, without probing");
    }

    private static String inEnglish(EngineInfo info) {
        java.util.Locale was = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.ENGLISH);
        try {
            return info.gpuMissingMessage();
        } finally {
            java.util.Locale.setDefault(was);
        }
    }
}
