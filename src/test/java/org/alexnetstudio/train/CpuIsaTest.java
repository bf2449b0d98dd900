package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuIsaTest {

    /** Flags of this repo's build machine (an AVX-512 EPYC, abridged) and of the AVX2 EPYC. */
    private static final Set<String> AVX512_FLAGS = Set.of("sse4_1", "avx", "avx2", "fma", "avx512f", "avx512dq",
            "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16");
    private static final Set<String> AVX2_FLAGS = Set.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c");

    @Test
    void levelsFromFlags() {
        assertEquals(CpuIsa.AVX512, CpuIsa.fromFlags(AVX512_FLAGS));
        assertEquals(CpuIsa.AVX2, CpuIsa.fromFlags(AVX2_FLAGS));
        // AVX-512 F alone (Xeon Phi) is not oneDNN's avx512_core
        assertEquals(CpuIsa.AVX2, CpuIsa.fromFlags(Set.of("avx", "avx2", "fma", "avx512f", "avx512cd")));
        assertEquals(CpuIsa.AVX, CpuIsa.fromFlags(Set.of("sse4_1", "avx")));
        assertEquals(CpuIsa.SSE41, CpuIsa.fromFlags(Set.of("sse2", "sse4_1")));
        assertEquals(CpuIsa.UNKNOWN, CpuIsa.fromFlags(Set.of()));
    }

    @Test
    void oneDnnCapsLowerTheLevelAndNeverRaiseIt() {
        assertEquals(CpuIsa.AVX2, CpuIsa.effective(AVX512_FLAGS, Map.of("DNNL_MAX_CPU_ISA", "AVX2")));
        assertEquals(CpuIsa.AVX2, CpuIsa.effective(AVX512_FLAGS, Map.of("ONEDNN_MAX_CPU_ISA", "avx2")));
        assertEquals(CpuIsa.AVX512, CpuIsa.effective(AVX512_FLAGS, Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE_BF16")));
        assertEquals(CpuIsa.AVX512, CpuIsa.effective(AVX512_FLAGS, Map.of("DNNL_MAX_CPU_ISA", "ALL")));
        assertEquals(CpuIsa.AVX2, CpuIsa.effective(AVX2_FLAGS, Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE")));
        assertEquals(CpuIsa.AVX, CpuIsa.effective(AVX512_FLAGS, Map.of("DNNL_MAX_CPU_ISA", "AVX2",
                "ONEDNN_MAX_CPU_ISA", "AVX")));
        // a name oneDNN does not know is ignored by oneDNN, so here too
        assertEquals(CpuIsa.AVX512, CpuIsa.effective(AVX512_FLAGS, Map.of("DNNL_MAX_CPU_ISA", "AVX3")));
    }

    @Test
    void theModernCapReachesNd4jsOneDnnAndOpenBlas() {
        // ND4J's oneDNN 2.3 reads DNNL_MAX_CPU_ISA only; OpenBLAS picks AVX-512 kernels unless told a core type
        assertEquals(Map.of("DNNL_MAX_CPU_ISA", "AVX2", "OPENBLAS_CORETYPE", "Haswell"),
                EngineBootstrap.isaCapVariables(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"), CpuIsa.AVX512));
        assertEquals(Map.of("OPENBLAS_CORETYPE", "Haswell"),
                EngineBootstrap.isaCapVariables(Map.of("DNNL_MAX_CPU_ISA", "AVX2"), CpuIsa.AVX512));
        // what the user set stays
        assertEquals(Map.of(), EngineBootstrap.isaCapVariables(Map.of("DNNL_MAX_CPU_ISA", "AVX2",
                "OPENBLAS_CORETYPE", "SkylakeX"), CpuIsa.AVX512));
        assertTrue(EngineBootstrap.isaCapVariables(Map.of("DNNL_MAX_CPU_ISA", "AVX2",
                "ONEDNN_MAX_CPU_ISA", "AVX"), CpuIsa.AVX512).get("DNNL_MAX_CPU_ISA") == null);
        // no cap, or an AVX2 machine: nothing to pass on but the modern name
        assertEquals(Map.of(), EngineBootstrap.isaCapVariables(Map.of(), CpuIsa.AVX512));
        assertEquals(Map.of("DNNL_MAX_CPU_ISA", "AVX2"),
                EngineBootstrap.isaCapVariables(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"), CpuIsa.AVX2));
    }
}
