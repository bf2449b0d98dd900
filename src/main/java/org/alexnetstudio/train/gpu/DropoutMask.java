package org.alexnetstudio.train.gpu;

/**
 * The dropout masks the GPU draws, computed on the host: kernels.cu's {@code dropout_forward} keeps value i
 * of draw d of stream s when the top 24 bits of SplitMix64's finaliser of s + d·φ + i·c (φ, c odd 64-bit
 * constants), times 2⁻²⁴, are below 1 − p. A counter-based stream: each value is drawn independently of
 * the others, so the GPU's masks can be reproduced exactly here (tests, the correctness check).
 */
final class DropoutMask {

    private DropoutMask() {
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The uniform number in [0, 1) of value i of draw {@code draw}: a multiple of 2⁻²⁴. */
    static float uniform(long seed, long draw, long i) {
        long z = mix64(seed + draw * 0x9E3779B97F4A7C15L + i * 0xD1B54A32D192ED03L);
        return (float) (z >>> 40) * 0x1p-24f;
    }

    /** The mask of {@code total} values: 1/(1 − p) where kept, 0 where dropped (as the kernel writes it). */
    static float[] mask(long seed, long draw, int total, double p) {
        float keep = (float) (1 - p);
        float scale = (float) (1 / (1 - p));
        float[] m = new float[total];
        for (int i = 0; i < total; i++) {
            m[i] = uniform(seed, draw, i) < keep ? scale : 0f;
        }
        return m;
    }
}
