package org.alexnetstudio.train.explain;

import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;

/**
 * Which layer's output an explanation reads for a chosen conv layer. A conv layer's "block" is the
 * conv and the layers right after it that keep its maps' positions (batch norm, activations, LRN,
 * dropout), up to the next pooling, conv, flatten or linear layer:
 * <ul>
 *   <li>Grad-CAM reads the block's last output: the conv's feature maps after batch norm and the
 *   activation, the rectified maps the paper uses (for the book's last conv, layer 10, that is the ReLU,
 *   layer 11).</li>
 *   <li>Activation maximisation maximises a filter's mean output after its batch norm when one follows,
 *   before the activation (a ReLU's zero gradient would stall the ascent; batch norm may flip a
 *   channel's sign).</li>
 * </ul>
 * A visitor over the layer kinds, so a new kind does not compile until its role is decided here.
 */
public final class ExplainLayers {

    /** What a layer kind is to an explanation. */
    enum Role { CONV, BATCH_NORM, PER_POSITION, OTHER }

    private static final LayerSpec.Visitor<Role> ROLE = new LayerSpec.Visitor<>() {
        @Override public Role visit(Conv2d layer) { return Role.CONV; }
        @Override public Role visit(MaxPool2d layer) { return Role.OTHER; }
        @Override public Role visit(AvgPool2d layer) { return Role.OTHER; }
        @Override public Role visit(ReLU layer) { return Role.PER_POSITION; }
        @Override public Role visit(Sigmoid layer) { return Role.PER_POSITION; }
        @Override public Role visit(Tanh layer) { return Role.PER_POSITION; }
        @Override public Role visit(Flatten layer) { return Role.OTHER; }
        @Override public Role visit(Linear layer) { return Role.OTHER; }
        @Override public Role visit(Dropout layer) { return Role.PER_POSITION; }
        @Override public Role visit(LocalResponseNorm layer) { return Role.PER_POSITION; }
        @Override public Role visit(BatchNorm2d layer) { return Role.BATCH_NORM; }
    };

    private ExplainLayers() {
    }

    /** Indices of the conv layers, in order. */
    public static List<Integer> convLayers(NetworkSpec spec) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            if (role(spec, i) == Role.CONV) {
                out.add(i);
            }
        }
        return out;
    }

    /** The last conv layer, Grad-CAM's default; −1 when the network has none. */
    public static int lastConv(NetworkSpec spec) {
        List<Integer> convs = convLayers(spec);
        return convs.isEmpty() ? -1 : convs.get(convs.size() - 1);
    }

    /** The layer whose output Grad-CAM reads for conv layer {@code conv}: its block's last layer. */
    public static int camLayer(NetworkSpec spec, int conv) {
        requireConv(spec, conv);
        int end = conv;
        while (end + 1 < spec.layers().size()
                && (role(spec, end + 1) == Role.PER_POSITION || role(spec, end + 1) == Role.BATCH_NORM)) {
            end++;
        }
        return end;
    }

    /** The layer whose channel means activation maximisation raises for conv layer {@code conv}. */
    public static int filterLayer(NetworkSpec spec, int conv) {
        requireConv(spec, conv);
        return conv + 1 < spec.layers().size() && role(spec, conv + 1) == Role.BATCH_NORM ? conv + 1 : conv;
    }

    private static Role role(NetworkSpec spec, int layer) {
        return spec.layers().get(layer).accept(ROLE);
    }

    private static void requireConv(NetworkSpec spec, int conv) {
        if (conv < 0 || conv >= spec.layers().size() || role(spec, conv) != Role.CONV) {
            throw new IllegalArgumentException("layer " + conv + " is not a conv layer");
        }
    }
}
