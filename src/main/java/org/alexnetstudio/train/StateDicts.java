package org.alexnetstudio.train;

import java.util.Arrays;
import java.util.Map;

/** PyTorch {@code state_dict} checks that every backend makes before it loads one. */
public final class StateDicts {

    private StateDicts() {
    }

    /**
     * Throws {@link IllegalArgumentException} with one sentence when {@code dict} has a key the network
     * lacks, lacks one it has, or holds a tensor of another shape; checked before anything is loaded, so
     * a wrong file changes nothing.
     */
    public static void requireShapes(Map<String, Tensor> dict, Map<String, long[]> expected) {
        for (String key : dict.keySet()) {
            if (!expected.containsKey(key)) {
                throw new IllegalArgumentException(TrainMessages.format("state.unexpectedKey", key));
            }
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor v = dict.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException(TrainMessages.format("state.missingKey", e.getKey()));
            }
            if (!Arrays.equals(v.shape(), e.getValue())) {
                throw new IllegalArgumentException(TrainMessages.format("state.wrongShape", e.getKey(),
                        Arrays.toString(v.shape()), Arrays.toString(e.getValue())));
            }
        }
    }
}
