package org.alexnetstudio.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The vector instruction set the CPU engine's kernels run with: the CPU's own (from
 * {@code /proc/cpuinfo}'s flags), capped the way oneDNN caps it ({@code DNNL_MAX_CPU_ISA}, or its
 * newer name {@code ONEDNN_MAX_CPU_ISA}, which {@link EngineBootstrap} passes on to ND4J's oneDNN 2.3
 * because that version reads only the old name). oneDNN and OpenBLAS choose their kernels at run time,
 * so choices tuned on one instruction set are made per machine from this (docs/performance.md,
 * "AVX2 and AVX-512"). libnd4j's own loops are compiled for plain x86-64 and do not depend on it.
 */
public enum CpuIsa {
    /** Not x86-64 Linux, or nothing could be read: the engine keeps its defaults. */
    UNKNOWN("unknown"),
    SSE41("SSE4.1"),
    AVX("AVX"),
    AVX2("AVX2"),
    /** oneDNN's {@code avx512_core}: AVX-512 F, BW, VL and DQ (Skylake-SP, Ice Lake, Zen 4 and later). */
    AVX512("AVX-512");

    private final String label;

    CpuIsa(String label) {
        this.label = label;
    }

    /** As people write it: {@code AVX2}, {@code AVX-512}. */
    public String label() {
        return label;
    }

    private static volatile CpuIsa detected;

    /** This machine's instruction set after the caps in the environment (read once). */
    public static CpuIsa current() {
        CpuIsa isa = detected;
        if (isa == null) {
            isa = effective(readFlags(), System.getenv());
            detected = isa;
        }
        return isa;
    }

    /** Whether the kernels run with AVX-512 (the machine the engine was first tuned on). */
    public boolean hasAvx512() {
        return this == AVX512;
    }

    /** The CPU's flags capped by {@code DNNL_MAX_CPU_ISA} / {@code ONEDNN_MAX_CPU_ISA} from {@code env}. */
    static CpuIsa effective(Set<String> flags, Map<String, String> env) {
        return capped(fromFlags(flags), env);
    }

    /** {@code hardware} capped by {@code DNNL_MAX_CPU_ISA} / {@code ONEDNN_MAX_CPU_ISA} from {@code env}. */
    static CpuIsa capped(CpuIsa hardware, Map<String, String> env) {
        CpuIsa isa = hardware;
        if (isa == UNKNOWN) {
            return UNKNOWN;
        }
        for (String name : new String[]{"DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA"}) {
            CpuIsa cap = fromOneDnnName(env.get(name));
            if (cap != UNKNOWN && cap.ordinal() < isa.ordinal()) {
                isa = cap;
            }
        }
        return isa;
    }

    /** The best level whose flags are all present (oneDNN's tests for each level). */
    static CpuIsa fromFlags(Set<String> flags) {
        if (flags.isEmpty()) {
            return UNKNOWN;
        }
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"))) {
            return AVX512;
        }
        if (flags.containsAll(Set.of("avx2", "fma"))) {
            return AVX2;
        }
        if (flags.contains("avx")) {
            return AVX;
        }
        return flags.contains("sse4_1") ? SSE41 : UNKNOWN;
    }

    /**
     * A {@code *_MAX_CPU_ISA} value as oneDNN reads it ({@code SSE41}, {@code AVX}, {@code AVX2},
     * {@code AVX2_VNNI}, {@code AVX512_CORE…}, {@code ALL}); {@link #UNKNOWN} for none or an unknown
     * name (oneDNN then ignores the cap too).
     */
    static CpuIsa fromOneDnnName(String value) {
        if (value == null || value.isBlank()) {
            return UNKNOWN;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("ALL")) {
            return UNKNOWN;
        }
        if (v.startsWith("AVX512_CORE")) {
            return AVX512;
        }
        if (v.startsWith("AVX512")) { // AVX512_MIC: Xeon Phi, below avx512_core for the engine's kernels
            return AVX2;
        }
        if (v.startsWith("AVX2")) {
            return AVX2;
        }
        if (v.equals("AVX")) {
            return AVX;
        }
        return v.equals("SSE41") ? SSE41 : UNKNOWN;
    }

    /** The first processor's flags in {@code /proc/cpuinfo}; empty where there is none. */
    static Set<String> readFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return Set.of();
    }

    /** The processor's model name from {@code /proc/cpuinfo}, or empty. */
    public static String modelName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "";
    }
}
