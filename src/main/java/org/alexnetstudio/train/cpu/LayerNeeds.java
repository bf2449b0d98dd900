package org.alexnetstudio.train.cpu;

import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * What one layer kind asks of the buffer plan ({@link BufferPlan}): which of its passes write over
 * their input, and the buffers of its own it needs in training and in test mode. The plan that the
 * step allocates and the memory estimate both read these, so they cannot disagree.
 *
 * @param forwardInPlace   the training forward writes its output over its input (ReLU; Flatten of features)
 * @param backwardInPlace  the backward writes the input's gradient over the output's (elementwise kinds)
 * @param testInPlace      the test-mode forward may write over its input
 */
record LayerNeeds(boolean forwardInPlace, boolean backwardInPlace, boolean testInPlace,
                  List<Buffer> training, List<Buffer> test) {

    /** Nothing in place, no buffers of its own. */
    static final LayerNeeds NONE = new LayerNeeds(false, false, false, List.of(), List.of());

    LayerNeeds {
        training = List.copyOf(training);
        test = List.copyOf(test);
    }

    LayerNeeds withTraining(Buffer... buffers) {
        return new LayerNeeds(forwardInPlace, backwardInPlace, testInPlace, List.of(buffers), test);
    }

    LayerNeeds withTest(Buffer... buffers) {
        return new LayerNeeds(forwardInPlace, backwardInPlace, testInPlace, training, List.of(buffers));
    }

    /** LAYER: the layer's own; SHARED: one per name for all layers, sized for the largest request; HOST: a Java array. */
    enum Scope { LAYER, SHARED, HOST }

    enum Fill { NONE, ZEROS, ONES }

    /**
     * A buffer of {@code values.applyAsLong(batch)} values for a batch of that size; {@code linear}: that
     * is a fixed number per example (the memory estimate counts those as activations, the rest as workspace).
     */
    record Buffer(String name, Scope scope, Fill fill, LongUnaryOperator values, boolean linear) {

        /** The layer's own, {@code perExample} values per example. */
        static Buffer perExample(String name, long perExample) {
            return new Buffer(name, Scope.LAYER, Fill.NONE, batch -> batch * perExample, true);
        }

        /** The layer's own, of a size that does not depend on the batch. */
        static Buffer fixed(String name, long values) {
            return new Buffer(name, Scope.LAYER, Fill.NONE, batch -> values, false);
        }

        /** Shared by all layers that ask for it, {@code perExample} values per example, as large as the largest request. */
        static Buffer sharedPerExample(String name, Fill fill, long perExample) {
            return new Buffer(name, Scope.SHARED, fill, batch -> batch * perExample, true);
        }

        /** Shared by all layers that ask for it, of a size that does not depend on the batch (the largest request). */
        static Buffer sharedFixed(String name, long values) {
            return new Buffer(name, Scope.SHARED, Fill.NONE, batch -> values, false);
        }

        /** A Java array of the step's precision. */
        static Buffer host(String name, LongUnaryOperator values) {
            return new Buffer(name, Scope.HOST, Fill.NONE, values, false);
        }

        Buffer filled(Fill with) {
            return new Buffer(name, scope, with, values, linear);
        }

        long values(int batch) {
            return values.applyAsLong(batch);
        }
    }
}
