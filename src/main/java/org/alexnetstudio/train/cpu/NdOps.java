package org.alexnetstudio.train.cpu;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/** Building libnd4j ops once and running them many times: what every layer's ops are made of. */
final class NdOps {

    private NdOps() {
    }

    static INDArray[] ins(INDArray... arrays) {
        return arrays;
    }

    static DynamicCustomOp.DynamicCustomOpsBuilder op(String name, INDArray[] in, INDArray[] out, int... iArgs) {
        return DynamicCustomOp.builder(name).addInputs(in).addOutputs(out).addIntegerArguments(iArgs);
    }

    static Runnable op(DynamicCustomOp.DynamicCustomOpsBuilder builder) {
        return prepared(builder.build());
    }

    /**
     * Runs a prebuilt op through an OpContext made once for it, holding its arrays and arguments:
     * {@code Nd4j.exec(op)} builds a context on every call, several times the call overhead of a
     * prepared one (docs/performance.md), and a step makes ~140 such calls.
     */
    static Runnable prepared(CustomOp op) {
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(op.inputArguments().toArray(new INDArray[0]));
        context.setOutputArrays(op.outputArguments().toArray(new INDArray[0]));
        context.setIArguments(op.iArgs());
        context.setTArguments(op.tArgs());
        context.setBArguments(op.bArgs());
        context.setDArguments(op.dArgs());
        return () -> Nd4j.getExecutioner().exec(op, context);
    }

    /** out [1, C] = ones [1, M] · m [M, C]: per-column sums as one GEMV (a reduction along 0 is far slower). */
    static CustomOp gemv(INDArray ones, INDArray m, INDArray out) {
        return op("matmul", ins(ones, m), ins(out), 0, 0, 0).addFloatingPointArguments(1.0, 0.0).build();
    }

    /** z = op(a)·op(b) into out, as libnd4j's matmul (transpose flags, alpha 1, beta 0 or 1 to accumulate). */
    static Runnable matmul(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB, double beta) {
        return prepared(op("matmul", ins(a, b), ins(out), transposeA ? 1 : 0, transposeB ? 1 : 0, 0)
                .addFloatingPointArguments(1.0, beta).build());
    }

    static int[] toInts(long[] a) {
        int[] r = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            r[k] = Math.toIntExact(a[k]);
        }
        return r;
    }

    /** A c-ordered array of the given shape over the start of {@code base}'s buffer. */
    static INDArray view(INDArray base, long[] shape) {
        return Nd4j.create(base.data(), shape, Nd4j.getStrides(shape, 'c'), 0L, 'c');
    }

    /** Whether two arrays share one buffer (an in-place layer's output is its input's buffer). */
    static boolean sameBuffer(INDArray a, INDArray b) {
        return a.data() == b.data() || a.data().address() == b.data().address();
    }

    /** Frees an array's native memory now instead of at some later GC. */
    static void release(INDArray a) {
        if (a != null && !a.isView() && a.closeable() && !a.wasClosed()) {
            a.close();
        }
    }
}
