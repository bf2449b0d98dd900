package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @TempDir
    Path dir;

    /** The book's AlexNet: nn.Sequential indices of the conv and linear layers, PyTorch layouts. */
    @Test
    void bookAlexNetExportsTheStateDictKeysAndShapes() throws IOException {
        Network net = Networks.build(Presets.alexnet(), 1);
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put("0.weight", List.of(96L, 1L, 11L, 11L));
        expected.put("0.bias", List.of(96L));
        expected.put("3.weight", List.of(256L, 96L, 5L, 5L));
        expected.put("3.bias", List.of(256L));
        expected.put("6.weight", List.of(384L, 256L, 3L, 3L));
        expected.put("6.bias", List.of(384L));
        expected.put("8.weight", List.of(384L, 384L, 3L, 3L));
        expected.put("8.bias", List.of(384L));
        expected.put("10.weight", List.of(256L, 384L, 3L, 3L));
        expected.put("10.bias", List.of(256L));
        expected.put("14.weight", List.of(4096L, 6400L)); // 256×5×5 = 6400 in
        expected.put("14.bias", List.of(4096L));
        expected.put("17.weight", List.of(4096L, 4096L));
        expected.put("17.bias", List.of(4096L));
        expected.put("20.weight", List.of(10L, 4096L));
        expected.put("20.bias", List.of(10L));
        Path file = dir.resolve("alexnet.npz");
        Npz.export(net, file);
        Map<String, Tensor> read = Npz.read(file);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(read.keySet()));
        long total = 0;
        for (var e : read.entrySet()) {
            assertEquals(expected.get(e.getKey()), java.util.Arrays.stream(e.getValue().shape()).boxed().toList(),
                    e.getKey());
            total += e.getValue().length();
        }
        assertEquals(46_764_746L, total);
    }

    @Test
    void importRestoresExactlyAndRejectsAnotherNetwork() throws IOException {
        Network a = Networks.build(Presets.alexnetMini(), 1);
        Network b = Networks.build(Presets.alexnetMini(), 2);
        Path file = dir.resolve("mini.npz");
        Npz.export(a, file);
        Npz.importInto(b, file);
        Map<String, Tensor> sa = a.stateDict();
        Map<String, Tensor> sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) {
            assertEquals(sa.get(k), sb.get(k), k);
        }
        Network lenet = Networks.build(Presets.lenet(), 1);
        IOException e = assertThrows(IOException.class, () -> Npz.importInto(lenet, file));
        assertTrue(e.getMessage().contains("mini.npz"), e.getMessage());
    }

    @Test
    void numpyReadsTheExportWithBatchNormBuffers() throws Exception {
        String python = pythonWithNumpy();
        Assumptions.assumeTrue(python != null, "no python3 with numpy");
        Network net = Networks.build(Presets.alexnetMini(), 3);
        Path file = dir.resolve("mini.npz");
        Npz.export(net, file);
        String script = "import numpy as np, sys\n"
                + "d = np.load(sys.argv[1])\n"
                + "for k in d.files:\n"
                + "    print(k, d[k].dtype, list(d[k].shape))\n"
                + "print('w00', repr(float(d['0.weight'][0, 0, 1, 2])))\n";
        Path py = dir.resolve("read.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(python, py.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("0.weight float32 [32, 1, 5, 5]\n"), out);
        assertTrue(out.contains("1.weight float32 [32]\n"), out);
        assertTrue(out.contains("1.running_mean float32 [32]\n"), out);
        assertTrue(out.contains("1.running_var float32 [32]\n"), out);
        assertTrue(out.contains("1.num_batches_tracked int64 []\n"), out);
        // 28 → 14 (stride 2) → 7 (pool 2) → 3 (pool 3/2): 64×3×3 = 576 features into the first Linear (index 18)
        assertTrue(out.contains("18.weight float32 [256, 576]\n"), out);
        assertTrue(out.contains("24.weight float32 [10, 256]\n"), out);
        float expected = net.stateDict().get("0.weight").floats()[1 * 5 + 2]; // [0, 0, 1, 2] of [32, 1, 5, 5]
        String w = out.lines().filter(l -> l.startsWith("w00 ")).findFirst().orElseThrow().substring(4);
        assertEquals(expected, Float.parseFloat(w), 0f);
    }

    static String pythonWithNumpy() {
        for (String candidate : new String[]{"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next
            }
        }
        return null;
    }

    @Test
    void npyHeaderIsNumpyVersion1AlignedTo64() throws IOException {
        byte[] bytes = Npy.write(Tensor.of(new float[]{1.5f, -2f}, 2));
        assertArrayEquals(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, java.util.Arrays.copyOf(bytes, 8));
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"), header);
        assertEquals(10 + headerLen + 8, bytes.length);
        Tensor back = Npy.read(bytes, "x");
        assertEquals(1.5f, back.floats()[0]);
        assertEquals(-2f, back.floats()[1]);
    }
}
