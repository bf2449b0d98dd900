package org.alexnetstudio.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one example flowing through the network, without the batch dimension:
 * either a feature map C×H×W (rank 3) or a flat vector of features (rank 1).
 */
public record Shape(List<Integer> dims) {

    public Shape {
        dims = List.copyOf(dims);
        if (dims.size() != 1 && dims.size() != 3) {
            throw new IllegalArgumentException("a shape is C×H×W or a feature count, got " + dims);
        }
    }

    public static Shape chw(int channels, int height, int width) {
        return new Shape(List.of(channels, height, width));
    }

    public static Shape features(int count) {
        return new Shape(List.of(count));
    }

    public int rank() {
        return dims.size();
    }

    public boolean isSpatial() {
        return dims.size() == 3;
    }

    public int channels() {
        requireSpatial();
        return dims.get(0);
    }

    public int height() {
        requireSpatial();
        return dims.get(1);
    }

    public int width() {
        requireSpatial();
        return dims.get(2);
    }

    /** Feature count of a flat shape. */
    public int features() {
        if (isSpatial()) {
            throw new IllegalStateException("not a flat shape: " + this);
        }
        return dims.get(0);
    }

    /** Number of values per example (saturates at {@code Long.MAX_VALUE} for absurd sizes). */
    public long elements() {
        long n = 1;
        for (int d : dims) {
            n = Limits.saturatingMultiply(n, d);
        }
        return n;
    }

    /** True when every dimension is at least 1. */
    public boolean isPositive() {
        return dims.stream().allMatch(d -> d > 0);
    }

    /** As the app prints it: {@code 96×54×54} or {@code 6400}. */
    @Override
    public String toString() {
        return dims.stream().map(String::valueOf).collect(Collectors.joining("×"));
    }

    /** As PyTorch prints it for a batch of one: {@code torch.Size([1, 96, 54, 54])}. */
    public String torchSize() {
        return dims.stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "torch.Size([1, ", "])"));
    }

    /** Parses {@code 1x224x224}, {@code 1×224×224} or {@code 6400}; null if malformed. */
    public static Shape parse(String text) {
        String[] parts = text.trim().split("\\s*[x×X,]\\s*");
        try {
            if (parts.length == 3) {
                return chw(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
            if (parts.length == 1) {
                return features(Integer.parseInt(parts[0]));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private void requireSpatial() {
        if (!isSpatial()) {
            throw new IllegalStateException("not a C×H×W shape: " + this);
        }
    }
}
