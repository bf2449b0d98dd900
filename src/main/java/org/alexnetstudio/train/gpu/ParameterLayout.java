package org.alexnetstudio.train.gpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * Where every learned value of a network lives in the GPU backend's one flat parameter array (and in the
 * gradient and momentum arrays of the same layout), in {@code state_dict} order, with the book's
 * initialisation computed on the host: Xavier-uniform values drawn from one {@link SplittableRandom} in
 * layer order, exactly as the CPU backend draws them, so one seed gives the same network on either device.
 * Pure Java: no GPU needed to build or test it.
 */
final class ParameterLayout {

    enum Init { XAVIER, ZEROS, ONES }

    /** A learned tensor a layer kind declares: its role (state_dict suffix), PyTorch shape and initialisation. */
    record Spec(String role, long[] shape, Init init, int fanIn, int fanOut) {
        static Spec xavier(String role, long[] shape, int fanIn, int fanOut) {
            return new Spec(role, shape, Init.XAVIER, fanIn, fanOut);
        }

        static Spec zeros(String role, long... shape) {
            return new Spec(role, shape, Init.ZEROS, 0, 0);
        }

        static Spec ones(String role, long... shape) {
            return new Spec(role, shape, Init.ONES, 0, 0);
        }

        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** One parameter placed in the flat array. */
    record Entry(int layer, int index, String key, long[] shape, long offset, long size, Spec spec) {
    }

    /** A batch-norm layer's running statistics (channels values each). */
    record Running(int layer, int channels, double momentum) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Running> running = new ArrayList<>();
    private final long total;

    /**
     * @param parameters  each layer's declared parameters, in layer order
     * @param channels    each layer's running-statistics channels (0: none)
     * @param momentum    each layer's running-statistics momentum
     */
    ParameterLayout(List<List<Spec>> parameters, int[] channels, double[] momentum) {
        long offset = 0;
        for (int layer = 0; layer < parameters.size(); layer++) {
            List<Spec> specs = parameters.get(layer);
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                entries.add(new Entry(layer, i, layer + "." + s.role(), s.shape(), offset, s.size(), s));
                offset += s.size();
            }
            if (channels[layer] > 0) {
                running.add(new Running(layer, channels[layer], momentum[layer]));
            }
        }
        total = offset;
    }

    List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    List<Running> running() {
        return Collections.unmodifiableList(running);
    }

    /** All learned values. */
    long total() {
        return total;
    }

    /** The entries of one layer, in PyTorch's order (weight, bias). */
    List<Entry> ofLayer(int layer) {
        return entries.stream().filter(e -> e.layer() == layer).toList();
    }

    /** The state_dict's keys and shapes: parameters, then a batch-norm layer's buffers after its parameters. */
    LinkedHashMap<String, long[]> stateDictShapes(int layers) {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        for (int layer = 0; layer < layers; layer++) {
            for (Entry e : ofLayer(layer)) {
                shapes.put(e.key(), e.shape());
            }
            for (Running r : running) {
                if (r.layer() == layer) {
                    shapes.put(layer + ".running_mean", new long[]{r.channels()});
                    shapes.put(layer + ".running_var", new long[]{r.channels()});
                    shapes.put(layer + ".num_batches_tracked", new long[0]);
                }
            }
        }
        return shapes;
    }

    /**
     * The initial values, in chunks of at most {@code chunk} floats handed to {@code sink(offset, values)}
     * (the array is reused: copy before keeping). Xavier-uniform U(±√(6/(fan_in + fan_out))) drawn in order
     * from one stream, as PyTorch's {@code xavier_uniform_}; zeros and ones draw nothing.
     */
    void initialise(long seed, int chunk, BiConsumer<Long, float[]> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[(int) Math.max(1, Math.min(chunk, total))];
        for (Entry e : entries) {
            Spec s = e.spec();
            double bound = s.init() == Init.XAVIER ? Math.sqrt(6.0 / (s.fanIn() + s.fanOut())) : 0;
            for (long from = 0; from < e.size(); from += values.length) {
                int len = (int) Math.min(values.length, e.size() - from);
                float[] out = len == values.length ? values : new float[len];
                for (int k = 0; k < len; k++) {
                    out[k] = switch (s.init()) {
                        case XAVIER -> (float) random.nextDouble(-bound, bound);
                        case ONES -> 1f;
                        case ZEROS -> 0f;
                    };
                }
                sink.accept(e.offset() + from, out);
            }
        }
    }
}
