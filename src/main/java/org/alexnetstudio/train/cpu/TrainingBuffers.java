package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The training step's buffers for batches of up to {@code batch} examples, as {@link BufferPlan} lists them. */
final class TrainingBuffers {

    final int batch;
    final INDArray[] slots;
    final INDArray[] gradients = new INDArray[2];
    private final Map<Integer, Map<String, INDArray>> own = new HashMap<>();
    private final Map<Integer, Map<String, Object>> host = new HashMap<>();
    private final Map<String, INDArray> shared = new HashMap<>();
    final INDArray labels;
    final INDArray logitsGrad;
    final INDArray labelsGrad;
    final INDArray lossWeights;
    final INDArray weightsGrad;
    final INDArray loss;
    final long bytes;

    TrainingBuffers(BufferPlan plan, int batch, DataType dtype) {
        this.batch = batch;
        slots = new INDArray[plan.slotValues.length];
        for (int s = 0; s < slots.length; s++) {
            slots[s] = Nd4j.create(dtype, batch * plan.slotValues[s]);
        }
        for (int k = 0; k < 2; k++) {
            gradients[k] = Nd4j.create(dtype, batch * plan.gradientValues[k]);
        }
        for (int layer = 0; layer < plan.layers(); layer++) {
            for (LayerNeeds.Buffer b : plan.needs(layer).training()) {
                long values = b.values(batch);
                switch (b.scope()) {
                    case LAYER -> own.computeIfAbsent(layer, k -> new HashMap<>()).put(b.name(), allocate(b, values, dtype));
                    case HOST -> host.computeIfAbsent(layer, k -> new HashMap<>()).put(b.name(),
                            dtype == DataType.FLOAT ? new float[Math.toIntExact(values)]
                                    : new double[Math.toIntExact(values)]);
                    case SHARED -> { } // below, once per name
                }
            }
        }
        plan.shared(batch, true).forEach((name, b) -> shared.put(name, allocate(b, b.values(batch), dtype)));
        int classes = plan.classes();
        labels = Nd4j.create(dtype, batch, classes);
        logitsGrad = Nd4j.create(dtype, batch, classes);
        labelsGrad = Nd4j.create(dtype, batch, classes);
        lossWeights = Nd4j.scalar(dtype, 1.0);
        weightsGrad = Nd4j.scalar(dtype, 0.0);
        loss = Nd4j.scalar(dtype, 0.0);
        long values = 0; // what was allocated (tests hold it equal to the plan the memory estimate reads)
        for (INDArray a : all()) {
            values += a.length();
        }
        for (Map<String, Object> arrays : host.values()) {
            for (Object a : arrays.values()) {
                values += a instanceof float[] f ? f.length : ((double[]) a).length;
            }
        }
        bytes = values * dtype.width();
    }

    static INDArray allocate(LayerNeeds.Buffer b, long values, DataType dtype) {
        long n = Math.max(1, values);
        return switch (b.fill()) {
            case ZEROS -> Nd4j.zeros(dtype, n);
            case ONES -> Nd4j.ones(dtype, n);
            case NONE -> Nd4j.create(dtype, n);
        };
    }

    /** Layer {@code layer}'s own buffer {@code name} (its whole length). */
    INDArray own(int layer, String name) {
        return own.get(layer).get(name);
    }

    /** The shared buffer {@code name} (its whole length). */
    INDArray shared(String name) {
        return shared.get(name);
    }

    /** Layer {@code layer}'s Java array {@code name}: float[] or double[] by precision. */
    Object host(int layer, String name) {
        return host.get(layer).get(name);
    }

    /** Frees the native memory now instead of at some later GC. */
    void close() {
        all().forEach(NdOps::release);
    }

    private List<INDArray> all() {
        List<INDArray> all = new ArrayList<>(List.of(slots));
        all.addAll(List.of(gradients));
        own.values().forEach(m -> all.addAll(m.values()));
        all.addAll(shared.values());
        all.addAll(List.of(labels, logitsGrad, labelsGrad, lossWeights, weightsGrad, loss));
        return all;
    }
}
