package org.alexnetstudio.ui.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.alexnetstudio.train.ConvWeights;

/**
 * Every conv layer's kernels as a run went: before training (epoch 0), then after each epoch, so the
 * Filters tab can replay any layer. Weights are float copies (4 bytes each); the book's AlexNet
 * holds 3.7 M conv weights, 15 MB per epoch. Over {@link #budgetBytes()} the deeper layers of the
 * oldest trained epochs are dropped (the first conv layer, the before-training weights and the
 * latest epoch always stay) and {@link #droppedEpochs()} says which.
 */
public final class FilterHistory {

    /** Kernels of one layer at the end of {@code epoch} (0 = before training). */
    public record Snapshot(int epoch, ConvWeights weights) {
    }

    /** Per run: enough for the book's AlexNet over 10 epochs, and at most an eighth of the heap. */
    public static final long DEFAULT_BUDGET_BYTES = Math.min(192L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final long budget;
    private final Map<Integer, List<Snapshot>> byLayer = new TreeMap<>();
    private final SortedSet<Integer> dropped = new TreeSet<>();
    private long bytes;

    public FilterHistory() {
        this(DEFAULT_BUDGET_BYTES);
    }

    public FilterHistory(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** Adds every conv layer's weights at the end of {@code epoch}, then keeps within the budget. */
    public void add(int epoch, List<ConvWeights> weights) {
        for (ConvWeights w : weights) {
            byLayer.computeIfAbsent(w.layerIndex(), k -> new ArrayList<>()).add(new Snapshot(epoch, w));
            bytes += 4L * w.values().length;
        }
        while (bytes > budget && dropOldest(epoch)) {
            // keep dropping
        }
    }

    /** Drops the deeper layers of the oldest trained epoch (the initial weights last); false if none is left. */
    private boolean dropOldest(int latest) {
        TreeSet<Integer> candidates = new TreeSet<>();
        boolean first = true;
        for (List<Snapshot> layer : byLayer.values()) {
            if (!first) {
                for (Snapshot s : layer) {
                    if (s.epoch() != latest) {
                        candidates.add(s.epoch());
                    }
                }
            }
            first = false;
        }
        if (candidates.isEmpty()) {
            return false;
        }
        int victim = candidates.higher(0) != null ? candidates.higher(0) : candidates.first();
        first = true;
        for (List<Snapshot> layer : byLayer.values()) {
            if (!first) {
                layer.removeIf(s -> {
                    boolean drop = s.epoch() == victim;
                    if (drop) {
                        bytes -= 4L * s.weights().values().length;
                    }
                    return drop;
                });
            }
            first = false;
        }
        dropped.add(victim);
        return true;
    }

    /** Spec indices of the conv layers with history, in network order. */
    public List<Integer> layers() {
        return List.copyOf(byLayer.keySet());
    }

    /** One layer's snapshots, oldest first (empty for an unknown layer). */
    public List<Snapshot> of(int layerIndex) {
        return Collections.unmodifiableList(byLayer.getOrDefault(layerIndex, List.of()));
    }

    /** The first conv layer's snapshots (never dropped). */
    public List<Snapshot> firstLayer() {
        return byLayer.isEmpty() ? List.of() : of(byLayer.keySet().iterator().next());
    }

    /** Epochs whose deeper layers were dropped to stay within the budget. */
    public SortedSet<Integer> droppedEpochs() {
        return Collections.unmodifiableSortedSet(dropped);
    }

    public long bytes() {
        return bytes;
    }

    public long budgetBytes() {
        return budget;
    }

    public boolean isEmpty() {
        return byLayer.isEmpty();
    }
}
