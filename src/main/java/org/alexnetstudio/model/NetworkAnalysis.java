package org.alexnetstudio.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shape inference over a whole network: every layer's input and output shape, parameters and
 * cost, chained from the input. Layers after the first error have unknown shape.
 *
 * @param inputError set when the input shape itself is impossible (then every layer is unknown)
 */
public record NetworkAnalysis(NetworkSpec spec, ShapeError inputError, List<LayerReport> layers) {

    public NetworkAnalysis {
        layers = List.copyOf(layers);
    }

    static NetworkAnalysis of(NetworkSpec spec) {
        List<LayerReport> reports = new ArrayList<>(spec.layers().size());
        Shape in = spec.input();
        ShapeError inputError = null;
        if (!in.isSpatial() || !in.isPositive()) {
            inputError = ShapeError.of("input", "error.inputShape", List.of(), in.toString());
            in = null;
        } else if (in.elements() > Limits.MAX_TENSOR_ELEMENTS) {
            inputError = ShapeError.of("input", "error.activationTooLarge", List.of(),
                    in.toString(), in.elements(), Limits.mib(in.elements()));
            in = null;
        }
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            if (in == null) {
                reports.add(new LayerReport(i, layer, null, null, null, null, 0, 0));
                continue;
            }
            ShapeResult result;
            try {
                result = layer.outputShape(in);
            } catch (RuntimeException e) {
                // A bug in one layer's arithmetic must not take the editor down with it.
                result = ShapeResult.fail("input", "error.internal", List.of(), layer.kind(), String.valueOf(e));
            }
            if (result instanceof ShapeResult.Ok ok) {
                reports.add(new LayerReport(i, layer, in, ok.shape(), ok.derivation(), null,
                        layer.parameters(in), layer.macs(in, ok.shape())));
                in = ok.shape();
            } else {
                ShapeError error = ((ShapeResult.Failed) result).error();
                if (error.key().equals("error.kernelTooLarge") && !poolingBefore(spec, i)) {
                    // "Remove a pooling layer before this one" only where there is one.
                    error = new ShapeError(error.field(), "error.kernelTooLargeNoPool", error.args(), error.fixes());
                }
                reports.add(new LayerReport(i, layer, in, null, null, error, 0, 0));
                in = null;
            }
        }
        return new NetworkAnalysis(spec, inputError, reports);
    }

    private static boolean poolingBefore(NetworkSpec spec, int index) {
        return spec.layers().subList(0, index).stream().anyMatch(l -> l instanceof MaxPool2d || l instanceof AvgPool2d);
    }

    /**
     * What a fix of the first error leads to: the whole network valid, or the next layer that will
     * need a fix too (a fix repairs its layer and can still leave a later one that does not fit).
     *
     * @param nextError  the first error after the fix, or null when the network is then valid
     */
    public record FixOutcome(Fix fix, LayerReport nextError) {
        public boolean completes() {
            return nextError == null;
        }
    }

    /** The first error's fixes, each with what the network looks like after it; those that complete it first. */
    public List<FixOutcome> fixOutcomes() {
        Optional<LayerReport> bad = firstError();
        if (bad.isEmpty() || inputError != null) {
            return List.of();
        }
        List<FixOutcome> out = new ArrayList<>();
        for (Fix f : bad.get().error().fixes()) {
            NetworkAnalysis after = spec.applyFix(bad.get().index(), f).analyze();
            out.add(new FixOutcome(f, after.inputError() != null ? bad.get() : after.firstError().orElse(null)));
        }
        out.sort(java.util.Comparator.comparing(o -> !o.completes()));
        return out;
    }

    public boolean isValid() {
        return inputError == null && layers.stream().allMatch(LayerReport::known);
    }

    /** The first failing layer, if any. */
    public Optional<LayerReport> firstError() {
        return layers.stream().filter(r -> r.error() != null).findFirst();
    }

    /** The network's output shape, if every layer is known. */
    public Optional<Shape> output() {
        if (!isValid()) {
            return Optional.empty();
        }
        return Optional.of(layers.isEmpty() ? spec.input() : layers.get(layers.size() - 1).output());
    }

    public long totalParameters() {
        return layers.stream().mapToLong(LayerReport::parameters).sum();
    }

    public long totalMacs() {
        return layers.stream().mapToLong(LayerReport::macs).sum();
    }

    /** Weights as float32, in bytes. */
    public long weightBytes() {
        return totalParameters() * 4;
    }

    /** Weights as float32, in megabytes (10^6 bytes): the book's AlexNet has about 187.1 MB. */
    public double weightMegabytes() {
        return weightBytes() / 1e6;
    }

    /** Every layer's output per example as float32, in bytes (what a training step keeps for backprop). */
    public long activationBytesPerExample() {
        return layers.stream().mapToLong(LayerReport::activationBytes).sum();
    }

    /** Human-readable description of every error (input or first layer), for CLI and logs. */
    public List<String> errorMessages() {
        return errorMessages(java.util.Locale.getDefault());
    }

    /** {@link #errorMessages()} in the given language (fixes: {@code firstError().error().fixes()}). */
    public List<String> errorMessages(java.util.Locale locale) {
        List<String> out = new ArrayList<>();
        if (inputError != null) {
            out.add(Messages.format(locale, "error.inputPrefix", inputError.message(locale)));
        }
        firstError().ifPresent(r -> out.add(Messages.format(locale, "error.prefix", r.index(), r.layer().kind(),
                r.error().message(locale))));
        return out;
    }
}
