package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The device choice without a GPU: parsing, the saved preference, and the class loader that hides
 * ND4J's CUDA backend. The CUDA build is stood in for by a service file that registers the CUDA
 * backend class, as the nd4j-cuda jar does.
 */
class DeviceChoiceTest {

    @TempDir
    Path dir;

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

    /** The real classpath plus a folder registering the CUDA backend, like nd4j-cuda's jar. */
    private URLClassLoader withCudaRegistered() throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve("org.nd4j.linalg.factory.Nd4jBackend"),
                "# the CUDA backend\norg.nd4j.linalg.jcublas.JCublasBackend\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void choosingTheCpuHidesTheCudaBackendFromNd4j() throws Exception {
        try (URLClassLoader cudaBuild = withCudaRegistered()) {
            List<URL> all = Collections.list(cudaBuild.getResources(CpuOnlyBackends.SERVICE_FILE));
            assertEquals(2, all.size(), "nd4j-native's registration and the CUDA one: " + all);

            ClassLoader cpuOnly = EngineBootstrap.backendLoader(DeviceChoice.CPU, cudaBuild);
            List<URL> seen = Collections.list(cpuOnly.getResources(CpuOnlyBackends.SERVICE_FILE));
            assertEquals(1, seen.size(), seen.toString());
            assertFalse(CpuOnlyBackends.namesCudaBackend(seen.get(0)));
            // What ND4J's Nd4jBackend.load() iterates (types only: nothing is instantiated).
            List<String> backends = ServiceLoader.load(Nd4jBackend.class, cpuOnly).stream()
                    .map(p -> p.type().getName()).toList();
            assertEquals(List.of("org.nd4j.linalg.cpu.nativecpu.CpuBackend"), backends);
            // Classes still come from the parent: no second copy of ND4J.
            assertSame(Nd4jBackend.class, cpuOnly.loadClass(Nd4jBackend.class.getName()));

            assertSame(cudaBuild, EngineBootstrap.backendLoader(DeviceChoice.AUTO, cudaBuild));
            assertSame(cudaBuild, EngineBootstrap.backendLoader(DeviceChoice.GPU, cudaBuild));
        }
    }

    @Test
    void steeringSetsNd4jsClassLoaderOnceAndCanBeUndone() {
        ClassLoader before = ND4JClassLoading.getNd4jClassloader();
        try {
            EngineBootstrap.steerBackend(DeviceChoice.CPU);
            ClassLoader steered = ND4JClassLoading.getNd4jClassloader();
            assertTrue(steered instanceof CpuOnlyBackends);
            assertSame(before, steered.getParent());
            EngineBootstrap.steerBackend(DeviceChoice.CPU);
            assertSame(before, ND4JClassLoading.getNd4jClassloader().getParent(), "not wrapped twice");
            EngineBootstrap.steerBackend(DeviceChoice.AUTO);
            assertSame(before, ND4JClassLoading.getNd4jClassloader());
        } finally {
            ND4JClassLoading.setNd4jClassloader(before);
        }
    }

    @Test
    void theChoiceIsFixedOnceTheEngineStarted() {
        EngineInfo info = EngineBootstrap.awaitReady();
        DeviceChoice running = EngineBootstrap.deviceChoice();
        DeviceChoice other = running == DeviceChoice.CPU ? DeviceChoice.GPU : DeviceChoice.CPU;
        assertFalse(EngineBootstrap.chooseDevice(other), "ND4J already chose its backend");
        assertEquals(running, EngineBootstrap.deviceChoice());
        assertTrue(EngineBootstrap.chooseDevice(running));
        assertEquals(running, info.requested());
    }

    @Test
    void askingForAMissingGpuIsExplained() {
        EngineInfo noCudaBuild = new EngineInfo("CPU", "cpu", "2 cores", "ONEDNN", 2, false, 1, DeviceChoice.GPU);
        assertTrue(noCudaBuild.gpuMissing());
        assertEquals("The GPU was asked for but this build has no CUDA backend (build with mvn -Pcuda); "
                + "training runs on the CPU.", inEnglish(noCudaBuild));
        EngineInfo noGpu = new EngineInfo("CPU", "cpu", "2 cores", "ONEDNN", 2, true, 1, DeviceChoice.GPU);
        assertTrue(inEnglish(noGpu).contains("no usable GPU was found"));
        assertFalse(new EngineInfo("CPU", "cpu", "2 cores", "ONEDNN", 2, true, 1, DeviceChoice.AUTO).gpuMissing());
        assertTrue(new EngineInfo("CPU", "cpu", "2 cores", "", 2, false, 1, DeviceChoice.CPU).summary()
                .endsWith("; CPU chosen"));
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
