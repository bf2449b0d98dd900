package org.alexnetstudio.train.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Tanh;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Tensor;
import org.alexnetstudio.train.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** The GPU backend's host side, tested without a GPU: layouts, initialisation, loss, masks, messages. */
class GpuHostSideTest {

    /** Every kind with parameters or running statistics, on 3×8×8. */
    static NetworkSpec kinds() {
        return new NetworkSpec(Shape.chw(3, 8, 8), List.of(new Conv2d(4, 3, 1, 1), new BatchNorm2d(), new ReLU(),
                new LocalResponseNorm(2, 1e-2, 0.75, 1), new MaxPool2d(2, 2), new Tanh(), new Flatten(),
                new Dropout(0.25), new Linear(5)));
    }

    private static LinkedHashMap<String, Tensor> gpuInitialState(NetworkSpec spec, long seed) {
        NetworkAnalysis a = spec.analyze();
        ParameterLayout layout = GpuNetwork.layout(GpuLayerFactory.forLayers(a.layers()));
        float[] all = new float[(int) layout.total()];
        layout.initialise(seed, 1000, (offset, values) -> System.arraycopy(values, 0, all, (int) (long) offset, values.length));
        LinkedHashMap<String, Tensor> dict = new LinkedHashMap<>();
        for (ParameterLayout.Entry e : layout.entries()) {
            dict.put(e.key(), Tensor.of(java.util.Arrays.copyOfRange(all, (int) e.offset(), (int) (e.offset() + e.size())),
                    e.shape()));
        }
        return dict;
    }

    @Test
    void oneSeedGivesTheCpusInitialWeightsAndStateDictKeys() {
        for (NetworkSpec spec : List.of(kinds(), Presets.lenet(), Presets.alexnetMini())) {
            Network cpu = new CpuBackend().build(spec, 42);
            LinkedHashMap<String, Tensor> cpuState = cpu.stateDict();
            ParameterLayout layout = GpuNetwork.layout(GpuLayerFactory.forLayers(spec.analyze().layers()));
            LinkedHashMap<String, long[]> gpuShapes = layout.stateDictShapes(spec.layers().size());
            assertEquals(List.copyOf(cpu.stateDictShapes().keySet()), List.copyOf(gpuShapes.keySet()), "keys in order");
            cpu.stateDictShapes().forEach((k, v) -> assertArrayEquals(v, gpuShapes.get(k), k));
            assertEquals(cpu.parameterCount(), layout.total());
            for (Map.Entry<String, Tensor> e : gpuInitialState(spec, 42).entrySet()) {
                assertArrayEquals(cpuState.get(e.getKey()).floats(), e.getValue().floats(), 0f, e.getKey());
            }
        }
    }

    @Test
    void theLossIsTheMeanCrossEntropyWithTheCpusArgmax() {
        float[] logits = {1, 2, 3, 0, 0, 0};
        float[] grad = new float[6];
        SoftmaxLoss.Result r = SoftmaxLoss.compute(logits, new int[]{2, 1}, 2, 3, grad);
        // row 0: ln(e^1+e^2+e^3) − 3 = ln 30.192874 − 3 = 0.4076059; row 1: ln 3 = 1.0986123; mean 0.7531091
        assertEquals(0.7531091, r.loss(), 1e-7);
        // row 0 predicts 2 (right); row 1 ties: the first largest, class 0 (wrong)
        assertEquals(1, r.correct());
        // (softmax − one-hot)/n: row 1 = (1/3, 1/3 − 1, 1/3)/2
        assertEquals(1 / 6.0, grad[3], 1e-7);
        assertEquals(-1 / 3.0, grad[4], 1e-7);
        // row 0, class 2: (e^3/(e^1+e^2+e^3) − 1)/2 = (0.66524 − 1)/2
        assertEquals((0.665241 - 1) / 2, grad[2], 1e-6);
        assertFalse(Double.isFinite(SoftmaxLoss.compute(new float[]{Float.NaN, 0}, new int[]{0}, 1, 2, null).loss()));
    }

    @Test
    void theDropoutStreamIsSplitMix64AndKeepsOneMinusP() {
        // SplitMix64's first output from seed 0 (Steele, Lea, Flood 2014) is the finaliser of 0x9E3779B97F4A7C15
        assertEquals(0xE220A8397B1DCDAFL, DropoutMask.mix64(0x9E3779B97F4A7C15L));
        float[] m = DropoutMask.mask(7, 3, 1_000_000, 0.5);
        int kept = 0;
        for (float v : m) {
            assertTrue(v == 0f || v == 2f, "0 or 1/(1 − p)");
            kept += v != 0 ? 1 : 0;
        }
        // Binomial(10^6, 0.5): standard deviation 500; 5 of them is 2,500
        assertEquals(500_000, kept, 2_500);
        assertArrayEquals(m, DropoutMask.mask(7, 3, 1_000_000, 0.5), "the same draw again");
        assertFalse(java.util.Arrays.equals(m, DropoutMask.mask(7, 4, 1_000_000, 0.5)), "the next draw differs");
        assertEquals(0f, DropoutMask.uniform(0, 0, 0) % 0x1p-24f, "a multiple of 2^-24");
    }

    @Test
    void aFailedLibraryLoadNamesWhatIsMissing() {
        UnsatisfiedLinkError here = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        here.initCause(new UnsatisfiedLinkError("/root/.javacpp/cache/cuda.jar/org/bytedeco/cuda/linux-x86_64/"
                + "libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory"));
        GpuStatus s = GpuLibraries.classify(GpuStatus.Missing.RUNTIME, here);
        assertEquals(GpuStatus.Missing.DRIVER, s.missing());
        assertEquals("libcuda.so.1", s.detail());
        assertEquals(GpuStatus.Missing.RUNTIME, GpuLibraries.classify(GpuStatus.Missing.RUNTIME, new UnsatisfiedLinkError(
                "libjnicudart.so: libcudart.so.13: cannot open shared object file")).missing());
        assertEquals(GpuStatus.Missing.CUDNN, GpuLibraries.classify(GpuStatus.Missing.CUDNN, new UnsatisfiedLinkError(
                "libjnicudnn.so: libcudnn_cnn.so.9: cannot open shared object file")).missing());
        assertEquals(GpuStatus.Missing.CUBLAS, GpuLibraries.classify(GpuStatus.Missing.CUBLAS, new UnsatisfiedLinkError(
                "libjnicublas.so: libcublasLt.so.13: cannot open shared object file")).missing());
        assertEquals(GpuStatus.Missing.BINDINGS, GpuLibraries.classify(GpuStatus.Missing.RUNTIME,
                new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/java/packages/lib:/usr/lib/jni")).missing());
        // Windows names the wrapper, not the library it lacks: the stage that loaded says which
        assertEquals(GpuStatus.Missing.CUDNN, GpuLibraries.classify(GpuStatus.Missing.CUDNN, new UnsatisfiedLinkError(
                "C:\\Users\\s\\.javacpp\\cache\\jnicudnn.dll: Can't find dependent libraries")).missing());
        assertEquals(List.of("/a/lib", "/b/lib"), GpuLibraries.extraFolders(null, "/a/lib" + java.io.File.pathSeparator
                + " /b/lib" + java.io.File.pathSeparator));
        assertEquals(List.of("/p"), GpuLibraries.extraFolders("/p", "/ignored"), "the property wins");
    }

    @Test
    void eachMissingPieceIsOneSentenceWithTheRemedyInBothLanguages() {
        Locale was = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertEquals("no NVIDIA driver was found (libcuda.so.1); install NVIDIA's driver 580 or newer (nvidia.com, "
                    + "or your distribution's nvidia-driver-580 package)",
                    GpuStatus.missing(GpuStatus.Missing.DRIVER, "libcuda.so.1").reason());
            String cudnn = GpuStatus.missing(GpuStatus.Missing.CUDNN, "libcudnn.so.9").reason();
            assertTrue(cudnn.startsWith("cuDNN 9 was not found (libcudnn.so.9); install CUDA 13 and cuDNN 9"), cudnn);
            assertTrue(cudnn.contains("pip install nvidia-cuda-runtime nvidia-cublas nvidia-cudnn-cu13"), cudnn);
            assertTrue(cudnn.contains("ALEXNET_CUDA_PATH (or -Dalexnet.cuda.path)"), cudnn);
            assertEquals("the NVIDIA driver supports CUDA 12.4 only, and CUDA 13 needs driver 580 or newer; install "
                    + "NVIDIA's driver 580 or newer (nvidia.com, or your distribution's nvidia-driver-580 package)",
                    GpuStatus.missing(GpuStatus.Missing.DRIVER_OLD, GpuStatus.cudaVersion(12040)).reason());
            for (GpuStatus.Missing m : GpuStatus.Missing.values()) {
                String en = GpuStatus.missing(m, "x").reason();
                assertFalse(en.isBlank() || en.contains("gpu.") || en.contains("%"), m + ": " + en);
            }
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            for (GpuStatus.Missing m : GpuStatus.Missing.values()) {
                String zh = GpuStatus.missing(m, "x").reason();
                assertTrue(zh.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                        m + ": " + zh);
            }
        } finally {
            Locale.setDefault(was);
        }
    }

    @Test
    void thisMachineHasNoUsableGpuAndTheProbeSaysWhyWithoutThrowing() {
        GpuStatus s = GpuProbe.status();
        org.junit.jupiter.api.Assumptions.assumeFalse(s.usable(), "a usable GPU: " + s.summary());
        assertFalse(s.reason().isBlank());
        assertEquals(s.reason(), new GpuBackend().unavailable());
        assertEquals(0, new GpuBackend().availableBytes());
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.alexnetstudio.train.NetworkBuildException.class,
                () -> new GpuBackend().build(Presets.lenet(), 1));
        assertEquals(s.reason(), e.getMessage());
    }

    @Test
    void reluWorksInPlaceOnlyWhereTheLayerBeforeDoesNotReadItsOutput() {
        assertTrue(GpuLayerFactory.reluInPlaceAfter(new Conv2d(4, 3, 1, 1)));
        assertTrue(GpuLayerFactory.reluInPlaceAfter(new Linear(4)));
        assertTrue(GpuLayerFactory.reluInPlaceAfter(new BatchNorm2d()));
        assertFalse(GpuLayerFactory.reluInPlaceAfter(new MaxPool2d(2, 2)), "pooling's backward reads its output");
        assertFalse(GpuLayerFactory.reluInPlaceAfter(new Tanh()), "tanh's backward reads its output");
        assertFalse(GpuLayerFactory.reluInPlaceAfter(null), "the first layer: the input stays");
    }

    @Test
    void theBooksAlexNetPlansItsBuffersAsCounted() {
        NetworkAnalysis a = Presets.alexnet().analyze();
        List<GpuLayer> layers = GpuLayerFactory.forLayers(a.layers());
        PlanLayout train = GpuNetwork.planLayout(layers, a.layers(), Mode.TRAIN, 128);
        // conv1's output 96×54×54 = 279,936 values an example is the largest
        assertEquals(279_936, train.largest);
        // ReLU after conv1 works in conv1's buffer; Flatten is a view of the last pooling's output
        assertEquals(train.activation[1], train.activation[2]);
        assertEquals(train.activation[13], train.activation[14]);
        // own outputs per example: input 50,176; conv1 279,936; pool 64,896; conv2 173,056; pool 36,864;
        // conv3 55,296; conv4 55,296; conv5 36,864; pool 6,400; linear 4,096; dropout 4,096; linear 4,096;
        // dropout 4,096; linear 10 = 775,178; two gradient buffers 2·279,936 = 559,872; dropout masks
        // 2·4,096 = 8,192: 1,343,242 values, ×128 examples
        assertEquals(1_343_242L * 128, train.total);
        PlanLayout test = GpuNetwork.planLayout(layers, a.layers(), Mode.TEST, 128);
        // test mode alternates between two buffers of the largest activation
        assertEquals(2L * 279_936 * 128, test.total);
        assertTrue(test.activation[2] == test.activation[1] && test.activation[3] != test.activation[2]);
        var use = new GpuBackend().memoryUse(a, 128, false);
        assertEquals(a.weightBytes() * 2, use.parameterBytes(), "weights and gradients");
        assertEquals((train.total + test.total) * 4, use.activationBytes());
        assertEquals(a.weightBytes() * 3, new GpuBackend().memoryUse(a, 128, true).parameterBytes(), "and momentum");
    }
}
