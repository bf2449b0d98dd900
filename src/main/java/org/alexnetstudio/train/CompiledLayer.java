package org.alexnetstudio.train;

import java.util.List;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Shape;

/**
 * One layer of a {@link SameDiffNetwork} as it runs: the spec it came from, its inferred shapes and
 * the names of its SameDiff variables (output and learned parameters).
 *
 * @param index       position in the spec's layer list (PyTorch's {@code nn.Sequential} key)
 * @param outputName  the SameDiff variable holding this layer's output
 * @param parameters  learned parameters of this layer, in PyTorch's order (weight, bias)
 */
public record CompiledLayer(int index, LayerSpec spec, Shape input, Shape output, String outputName,
                            List<Parameter> parameters) {

    public CompiledLayer {
        parameters = List.copyOf(parameters);
    }

    /**
     * A learned tensor.
     *
     * @param variable  the SameDiff variable name
     * @param torchKey  the PyTorch {@code state_dict} key, e.g. {@code 0.weight}
     * @param shape     PyTorch's layout: conv [out, in, kh, kw], linear [out, in], bias [out]
     */
    public record Parameter(String variable, String torchKey, long[] shape) {
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }
}
