package org.alexnetstudio.train.cpu;

/**
 * A learned tensor a layer kind declares, and how the book initialises it.
 *
 * @param role   {@code weight} or {@code bias} (the state_dict key's suffix)
 * @param shape  PyTorch's layout
 * @param init   Xavier-uniform with {@code fanIn}/{@code fanOut}, zeros or ones
 */
record ParameterSpec(String role, long[] shape, Init init, int fanIn, int fanOut) {

    enum Init { XAVIER, ZEROS, ONES }

    static ParameterSpec xavier(String role, long[] shape, int fanIn, int fanOut) {
        return new ParameterSpec(role, shape, Init.XAVIER, fanIn, fanOut);
    }

    static ParameterSpec zeros(String role, long... shape) {
        return new ParameterSpec(role, shape, Init.ZEROS, 0, 0);
    }

    static ParameterSpec ones(String role, long... shape) {
        return new ParameterSpec(role, shape, Init.ONES, 0, 0);
    }

    /**
     * What a layer kind keeps besides what its ops compute: its parameters, and for batch norm the
     * running statistics (channels, momentum; channels 0: none).
     */
    record LayerState(java.util.List<ParameterSpec> parameters, int runningChannels, double runningMomentum) {
        static final LayerState NONE = new LayerState(java.util.List.of(), 0, 0);

        static LayerState of(ParameterSpec... parameters) {
            return new LayerState(java.util.List.of(parameters), 0, 0);
        }
    }
}
