package org.alexnetstudio.train.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/**
 * The shipped PTX is built from the kernels.cu in the repository, and every launch passes the arguments its
 * kernel declares (a mismatch would crash on the GPU, which no machine without one can show).
 */
class KernelsSourceTest {

    @Test
    void thePtxWasBuiltFromTheCurrentSource() throws Exception {
        byte[] source = Files.readAllBytes(Path.of("src/main/cuda/kernels.cu"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
        String first = Kernels.ptx().lines().findFirst().orElse("");
        assertEquals("// kernels.cu sha256 " + sha, first, "kernels.cu changed: run src/main/cuda/build.sh (needs nvcc)");
        assertTrue(Kernels.ptx().contains(".target sm_75"), "PTX for compute capability 7.5, JIT-compiled for newer GPUs");
    }

    /** Each entry's parameter types in declaration order, from the PTX text. */
    static Map<String, String> entries(String ptx) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("\\.entry (\\w+)\\(([^)]*)\\)").matcher(ptx);
        while (entry.find()) {
            Matcher p = Pattern.compile("\\.param \\.(\\w+) ").matcher(entry.group(2));
            StringBuilder types = new StringBuilder();
            while (p.find()) {
                types.append(p.group(1)).append(' ');
            }
            out.put(entry.group(1), types.toString().trim());
        }
        return out;
    }

    @Test
    void everyLaunchPassesTheArgumentsItsKernelDeclares() {
        Map<String, String> declared = entries(Kernels.ptx());
        FloatPointer p = new FloatPointer();
        Map<String, Kernels.Args> launches = new LinkedHashMap<>();
        launches.put("dropout_forward", Kernels.dropoutArgs(p, p, p, 10, 1, 0.5f, 2f));
        launches.put("multiply", Kernels.multiplyArgs(p, p, p, 10));
        launches.put("scale_channels", Kernels.scaleChannelsArgs(p, p, p, 10, 2, 5));
        launches.put("lrn_forward", Kernels.lrnForwardArgs(p, p, p, 10, 2, 5, 2, 2, 1e-4f, 0.75f, 2f));
        launches.put("lrn_backward", Kernels.lrnBackwardArgs(p, p, p, p, 10, 2, 5, 2, 2, 0.75f, 1e-4f));
        assertEquals(declared.keySet(), launches.keySet(), "every kernel is launched, and only those");
        for (Map.Entry<String, Kernels.Args> e : launches.entrySet()) {
            assertEquals(declared.get(e.getKey()), e.getValue().signature(), e.getKey());
            e.getValue().close();
        }
    }

    @Test
    void gridStrideLaunchesCoverAnySize() {
        // 256 threads a block: 1000 values need ⌈1000/256⌉ = 4 blocks; huge tensors loop over 65,535 blocks
        assertEquals(4, Kernels.blocks(1000));
        assertEquals(1, Kernels.blocks(0));
        assertEquals(65_535, Kernels.blocks(10_000_000_000L));
        assertTrue(new String(Kernels.ptx().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).endsWith("\0"));
    }
}
