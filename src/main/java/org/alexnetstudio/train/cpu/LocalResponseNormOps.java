package org.alexnetstudio.train.cpu;

import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LocalResponseNorm with PyTorch's formula: y_c = x_c / d_c^β, d_c = k + (α/n)·Σ x_j² over the channels
 * j from c − ⌊n/2⌋ to c + ⌊(n−1)/2⌋ (zero-padded at the ends, so an even n looks one channel further
 * back than forward). On the channels-last matrix [M, C] the window sum is one GEMM with a band
 * matrix B (B[j][c] = 1 when j is in c's window), and the backward is
 * dx_j = g_j·d_j^−β − (2αβ/n)·x_j·Σ_c B[j][c]·g_c·x_c·d_c^(−β−1), the sum a GEMM with Bᵀ.
 * Written with ND4J's array methods: no preset trains with it often enough to tune it.
 */
final class LocalResponseNormOps implements LayerOps {

    private static final String DENOMINATOR = "d";
    private static final String SCRATCH_A = "a";
    private static final String SCRATCH_B = "b";
    private static final String BAND = "band";

    private final int index;
    private final LocalResponseNorm lrn;
    private final Shape in;

    LocalResponseNormOps(int index, LocalResponseNorm lrn, Shape in) {
        this.index = index;
        this.lrn = lrn;
        this.in = in;
    }

    @Override
    public LayerNeeds needs() {
        long c = in.channels();
        return LayerNeeds.NONE.withTraining(LayerNeeds.Buffer.perExample(DENOMINATOR, in.elements()),
                        LayerNeeds.Buffer.perExample(SCRATCH_A, in.elements()),
                        LayerNeeds.Buffer.perExample(SCRATCH_B, in.elements()), LayerNeeds.Buffer.fixed(BAND, c * c))
                .withTest(LayerNeeds.Buffer.perExample(DENOMINATOR, in.elements()),
                        LayerNeeds.Buffer.perExample(SCRATCH_A, in.elements()), LayerNeeds.Buffer.fixed(BAND, c * c));
    }

    /** B[j][c] = 1 when channel j is in channel c's window. */
    private void fillBand(INDArray band) {
        int c = in.channels();
        int before = lrn.size() / 2;
        int after = (lrn.size() - 1) / 2;
        band.assign(0);
        for (int ch = 0; ch < c; ch++) {
            for (int j = Math.max(0, ch - before); j <= Math.min(c - 1, ch + after); j++) {
                band.putScalar(j, ch, 1.0);
            }
        }
    }

    /** d = k + (α/n)·(x²·B) into d (scratch: x² in {@code square}), then y = x·d^−β (d^−β in {@code square}). */
    private Runnable forward(INDArray x2, INDArray y2, INDArray d, INDArray square, INDArray band) {
        double scale = lrn.alpha() / lrn.size();
        return () -> {
            x2.mul(x2, square);
            square.mmul(band, d);
            d.muli(scale).addi(lrn.k());
            square.assign(d);
            Transforms.pow(square, -lrn.beta(), false);
            x2.mul(square, y2);
        };
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        long[] matrix = {(long) c.n * in.height() * in.width(), in.channels()};
        INDArray band = c.own(index, BAND, in.channels(), in.channels());
        fillBand(band);
        INDArray x2 = x.reshape('c', matrix);
        INDArray g2 = g.reshape('c', matrix);
        INDArray dx2 = gradIn.reshape('c', matrix);
        INDArray d = c.own(index, DENOMINATOR, matrix);
        INDArray a = c.own(index, SCRATCH_A, matrix);
        INDArray b = c.own(index, SCRATCH_B, matrix);
        INDArray bandT = band.transpose();
        double factor = 2 * lrn.alpha() * lrn.beta() / lrn.size();
        Runnable backward = () -> {
            a.assign(d);
            Transforms.pow(a, -lrn.beta() - 1, false);
            a.muli(x2).muli(g2);                     // g_c·x_c·d_c^(−β−1)
            a.mmul(bandT, b);                        // Σ over the windows that hold j
            b.muli(x2).muli(factor);
            dx2.assign(d);
            Transforms.pow(dx2, -lrn.beta(), false);
            dx2.muli(g2).subi(b);
        };
        return TrainingOps.of(forward(x2, y.reshape('c', matrix), d, a, band), backward);
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        long[] matrix = {(long) c.n * in.height() * in.width(), in.channels()};
        INDArray band = c.own(index, BAND, in.channels(), in.channels());
        fillBand(band);
        return forward(x.reshape('c', matrix), y.reshape('c', matrix), c.own(index, DENOMINATOR, matrix),
                c.own(index, SCRATCH_A, matrix), band);
    }
}
