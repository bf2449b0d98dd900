package org.alexnetstudio.train.cpu;

import java.util.List;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Shape;

/**
 * One layer of a network as the CPU backend runs it: the spec it came from, its inferred shapes and
 * its learned parameters.
 *
 * @param index       position in the spec's layer list (PyTorch's {@code nn.Sequential} key)
 * @param parameters  learned parameters of this layer, in PyTorch's order (weight, bias)
 */
record CompiledLayer(int index, LayerSpec spec, Shape input, Shape output, List<Parameter> parameters) {

    CompiledLayer {
        parameters = List.copyOf(parameters);
    }

    /**
     * A learned tensor.
     *
     * @param variable  the array's name in this backend ({@code L0_weight})
     * @param torchKey  the PyTorch {@code state_dict} key, e.g. {@code 0.weight}
     * @param shape     PyTorch's layout: conv [out, in, kh, kw], linear [out, in], bias [out]
     */
    record Parameter(String variable, String torchKey, long[] shape) {
        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }
}
