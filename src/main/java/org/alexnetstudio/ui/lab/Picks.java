package org.alexnetstudio.ui.lab;

import java.util.Set;
import java.util.TreeSet;

/**
 * Exercise 4's answer: the layers (by index) the student says dominate memory (parameters) and
 * computation (multiply-accumulates), for the network whose {@link Networks#fingerprint} is {@code network}.
 */
public record Picks(String network, Set<Integer> memory, Set<Integer> compute) {

    public static final Picks NONE = new Picks("", Set.of(), Set.of());

    public Picks {
        memory = Set.copyOf(memory);
        compute = Set.copyOf(compute);
    }

    /** The picks with layer {@code index} added to or removed from one of the two answers. */
    Picks with(boolean forMemory, int index, boolean picked, String forNetwork) {
        Set<Integer> m = new TreeSet<>(forNetwork.equals(network) ? memory : Set.of());
        Set<Integer> c = new TreeSet<>(forNetwork.equals(network) ? compute : Set.of());
        Set<Integer> target = forMemory ? m : c;
        if (picked) {
            target.add(index);
        } else {
            target.remove(index);
        }
        return new Picks(forNetwork, m, c);
    }

    /** The picks if they were made for {@code forNetwork}, else none. */
    Picks forNetwork(String forNetwork) {
        return forNetwork.equals(network) ? this : new Picks(forNetwork, Set.of(), Set.of());
    }
}
