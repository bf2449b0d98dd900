package org.alexnetstudio.train.cpu;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * libnd4j's fused {@code batchnorm} over NCHW channels (axis 1) with gamma and beta, and a gradient
 * that works: M2.1's own {@code BatchNorm.doDiff} builds {@code batchnorm_bp} without its axis (it
 * throws) and with a one-output type rule. {@code batchnorm_bp} differentiates through the batch
 * statistics itself (training-mode formula), so callers feed the batch mean and variance behind a
 * stop_gradient. {@code FusedBatchNormTest} compares it with the op-by-op formula.
 *
 * <p>SameDiff copies every op through its FlatBuffers form when it builds the gradient function and
 * looks the class up by the native op's hash; {@link #register()} points the {@code batchnorm} hash at
 * this class (the app builds no other batchnorm ops).
 */
public final class TrainingBatchNorm extends DynamicCustomOp {

    private static boolean registered;

    /** For SameDiff's copy (FlatBuffers round trip restores the arguments); public only for its reflection. */
    public TrainingBatchNorm() {
    }

    TrainingBatchNorm(SameDiff sd, SDVariable x, SDVariable mean, SDVariable var, SDVariable gamma, SDVariable beta,
                      double eps) {
        super(null, sd, new SDVariable[]{x, mean, var, gamma, beta}, false);
        addIArgument(1, 1, 1); // applyGamma, applyBeta, axis = channels
        addTArgument(eps);
    }

    /**
     * Makes SameDiff's op copies of {@code batchnorm} instances of this class.
     *
     * @return false when ND4J's registry could not be changed (then the op-by-op formula must be used)
     */
    @SuppressWarnings("unchecked")
    static synchronized boolean register() {
        if (registered) {
            return true;
        }
        try {
            DifferentialFunctionClassHolder holder = DifferentialFunctionClassHolder.getInstance();
            long hash = new TrainingBatchNorm().opHash();
            Field single = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClass");
            single.setAccessible(true);
            ((Map<Long, Class<?>>) single.get(holder)).put(hash, TrainingBatchNorm.class);
            Field multi = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClasses");
            multi.setAccessible(true);
            Map<String, Class<?>> byName = ((Map<Long, Map<String, Class<?>>>) multi.get(holder)).get(hash);
            if (byName != null) {
                byName.put("batchnorm", TrainingBatchNorm.class);
            }
            registered = true;
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String opName() {
        return "batchnorm";
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> in) {
        return Collections.singletonList(in.get(0));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradOut) {
        SDVariable[] a = args();
        return List.of(new Backward(sameDiff, a, gradOut.get(0), getTArgument(0)).outputVariables());
    }

    /** {@code batchnorm_bp}: gradients of input, mean, variance, gamma, beta. */
    public static final class Backward extends DynamicCustomOp {

        public Backward() {
        }

        Backward(SameDiff sd, SDVariable[] in, SDVariable gradOut, double eps) {
            super(null, sd, new SDVariable[]{in[0], in[1], in[2], in[3], in[4], gradOut}, false);
            addIArgument(1, 1, 1);
            addTArgument(eps);
        }

        @Override
        public String opName() {
            return "batchnorm_bp";
        }

        @Override
        public int getNumOutputs() {
            return 5;
        }

        @Override
        public List<DataType> calculateOutputDataTypes(List<DataType> in) {
            return List.of(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4));
        }

        @Override
        public List<SDVariable> doDiff(List<SDVariable> f1) {
            throw new UnsupportedOperationException("second derivative of batchnorm");
        }
    }
}
