package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The test forward's buffers for batches of up to {@code batch}: two activation buffers used
 * alternately, or (to keep every layer's output, for feature maps) one per activation; and each
 * layer's own test buffers.
 */
final class TestBuffers {

    final int batch;
    /** Alternating: two buffers; keeping all: one per activation (input first). */
    final INDArray[] activations;
    private final Map<Integer, Map<String, INDArray>> own = new HashMap<>();
    private final Map<String, INDArray> shared = new HashMap<>();
    final long bytes;

    TestBuffers(BufferPlan plan, List<Long> activationValues, int batch, DataType dtype, boolean keepAll) {
        this.batch = batch;
        if (keepAll) {
            activations = new INDArray[activationValues.size()];
            for (int k = 0; k < activations.length; k++) {
                activations[k] = Nd4j.create(dtype, batch * activationValues.get(k));
            }
        } else {
            activations = new INDArray[]{Nd4j.create(dtype, batch * plan.testValues[0]),
                Nd4j.create(dtype, batch * plan.testValues[1])};
        }
        long total = 0;
        for (INDArray a : activations) {
            total += a.length();
        }
        for (int layer = 0; layer < plan.layers(); layer++) {
            for (LayerNeeds.Buffer b : plan.needs(layer).test()) {
                if (b.scope() == LayerNeeds.Scope.LAYER) {
                    INDArray a = TrainingBuffers.allocate(b, b.values(batch), dtype);
                    own.computeIfAbsent(layer, k -> new HashMap<>()).put(b.name(), a);
                    total += a.length();
                }
            }
        }
        for (Map.Entry<String, LayerNeeds.Buffer> e : plan.shared(batch, false).entrySet()) {
            INDArray a = TrainingBuffers.allocate(e.getValue(), e.getValue().values(batch), dtype);
            shared.put(e.getKey(), a);
            total += a.length();
        }
        bytes = total * dtype.width();
    }

    INDArray own(int layer, String name) {
        return own.get(layer).get(name);
    }

    INDArray shared(String name) {
        return shared.get(name);
    }

    void close() {
        List<INDArray> all = new ArrayList<>(List.of(activations));
        own.values().forEach(m -> all.addAll(m.values()));
        all.addAll(shared.values());
        all.forEach(NdOps::release);
    }
}
