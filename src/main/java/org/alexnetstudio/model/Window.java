package org.alexnetstudio.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The sliding-window arithmetic that convolution and pooling share:
 * out = ⌊(n + 2p − k)/s⌋ + 1 along each spatial axis (PyTorch's floor mode).
 */
final class Window {

    private Window() {
    }

    /** Output length along one axis; may be ≤ 0 when the window does not fit. */
    static long length(long n, int k, int s, int p) {
        return Math.floorDiv(n + 2L * p - k, s) + 1;
    }

    static String formula(long n, int k, int s, int p) {
        return "⌊(" + n + " + 2·" + p + " − " + k + ")/" + s + "⌋ + 1 = " + length(n, k, s, p);
    }

    /**
     * Checks the settings and computes the output shape of a window layer.
     *
     * @param pool     pooling also requires padding ≤ kernel/2, like PyTorch
     * @param rebuild  makes a copy of the layer with new (kh, kw, sh, sw, ph, pw), for fixes
     */
    static ShapeResult apply(String kind, Shape in, int outChannels,
                             int kh, int kw, int sh, int sw, int ph, int pw, boolean pool,
                             Function<int[], LayerSpec> rebuild) {
        if (!in.isSpatial()) {
            return ShapeResult.fail("input", "error.needsFeatureMap", List.of(), kind, in.toString());
        }
        if (kh < 1 || kw < 1) {
            return ShapeResult.fail("kernel", "error.kernelPositive", List.of(
                    Fix.replace(rebuild.apply(new int[]{Math.max(1, kh), Math.max(1, kw), sh, sw, ph, pw}),
                            "fix.setKernel", Math.max(1, kh) + "×" + Math.max(1, kw))),
                    kh + "×" + kw);
        }
        if (sh < 1 || sw < 1) {
            return ShapeResult.fail("stride", "error.stridePositive", List.of(
                    Fix.replace(rebuild.apply(new int[]{kh, kw, Math.max(1, sh), Math.max(1, sw), ph, pw}),
                            "fix.setStride", Math.max(1, sh) + "×" + Math.max(1, sw))),
                    sh + "×" + sw);
        }
        if (ph < 0 || pw < 0) {
            return ShapeResult.fail("padding", "error.paddingNegative", List.of(
                    Fix.replace(rebuild.apply(new int[]{kh, kw, sh, sw, Math.max(0, ph), Math.max(0, pw)}),
                            "fix.setPadding", Math.max(0, ph) + "×" + Math.max(0, pw))),
                    ph + "×" + pw);
        }
        if (pool && (ph > kh / 2 || pw > kw / 2)) {
            int fph = Math.min(ph, kh / 2);
            int fpw = Math.min(pw, kw / 2);
            return ShapeResult.fail("padding", "error.poolPaddingTooLarge", List.of(
                    Fix.replace(rebuild.apply(new int[]{kh, kw, sh, sw, fph, fpw}),
                            "fix.setPadding", fph + "×" + fpw)),
                    ph + "×" + pw, kh + "×" + kw, kh / 2 + "×" + kw / 2);
        }
        int h = in.height();
        int w = in.width();
        if (h + 2L * ph < kh || w + 2L * pw < kw) {
            boolean alongH = h + 2L * ph < kh;
            int n = alongH ? h : w;
            int k = alongH ? kh : kw;
            int s = alongH ? sh : sw;
            int p = alongH ? ph : pw;
            List<Fix> fixes = new ArrayList<>();
            // Smallest kernel change that fits both axes.
            int fkh = (int) Math.min(kh, h + 2L * ph);
            int fkw = (int) Math.min(kw, w + 2L * pw);
            fixes.add(Fix.replace(rebuild.apply(new int[]{fkh, fkw, sh, sw, ph, pw}),
                    "fix.setKernel", fkh + "×" + fkw));
            int fph = Math.max(ph, (int) Math.ceil((kh - h) / 2.0));
            int fpw = Math.max(pw, (int) Math.ceil((kw - w) / 2.0));
            if (!pool || (fph <= kh / 2 && fpw <= kw / 2)) {
                fixes.add(Fix.replace(rebuild.apply(new int[]{kh, kw, sh, sw, fph, fpw}),
                        "fix.setPadding", fph + "×" + fpw));
            }
            return ShapeResult.fail("kernel", "error.kernelTooLarge", fixes,
                    kind, kh + "×" + kw, h + "×" + w, ph + "×" + pw,
                    "⌊(" + n + " + 2·" + p + " − " + k + ")/" + s + "⌋ + 1 = " + length(n, k, s, p),
                    n + 2L * p);
        }
        long oh = length(h, kh, sh, ph);
        long ow = length(w, kw, sw, pw);
        long elements = Limits.saturatingMultiply(Limits.saturatingMultiply(oh, ow), outChannels);
        if (elements > Limits.MAX_TENSOR_ELEMENTS) {
            // Checked before building the Shape: huge padding can push a size past the int range.
            List<Fix> fixes = new ArrayList<>();
            int fs = Math.max(sh, sw);
            while (fs < Integer.MAX_VALUE / 2 && Limits.saturatingMultiply(Limits.saturatingMultiply(
                    length(h, kh, fs, ph), length(w, kw, fs, pw)), outChannels) > Limits.MAX_TENSOR_ELEMENTS) {
                fs *= 2;
            }
            if (fs <= h + 2L * ph && fs <= w + 2L * pw) {
                fixes.add(Fix.replace(rebuild.apply(new int[]{kh, kw, fs, fs, ph, pw}), "fix.setStride", fs + "×" + fs));
            }
            String shape = outChannels + "×" + oh + "×" + ow;
            return ShapeResult.fail("stride", "error.activationTooLarge", fixes, shape, elements, Limits.mib(elements));
        }
        Shape out = Shape.chw(outChannels, (int) oh, (int) ow);
        String derivation = (h == w && kh == kw && sh == sw && ph == pw)
                ? formula(h, kh, sh, ph)
                : "H: " + formula(h, kh, sh, ph) + ", W: " + formula(w, kw, sw, pw);
        return ShapeResult.ok(out, derivation);
    }
}
