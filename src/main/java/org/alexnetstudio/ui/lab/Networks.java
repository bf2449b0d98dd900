package org.alexnetstudio.ui.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Sigmoid;

/**
 * What kind of network a spec is, judged by outcome rather than by how it was built: its
 * <em>backbone</em> is the sequence of layers that hold its weights (each convolution's output
 * channels and kernel, each dense layer's width), so LeNet with ReLU and dropout is still LeNet, and
 * AlexNet at another input size is still AlexNet.
 */
final class Networks {

    private Networks() {
    }

    /** The weight layers in order: {@code C96k11x11}, {@code L4096}. */
    static List<String> backbone(NetworkSpec spec) {
        List<String> out = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            if (l instanceof Conv2d c) {
                out.add("C" + c.outChannels() + "k" + c.kernelH() + "x" + c.kernelW());
            } else if (l instanceof Linear f) {
                out.add("L" + f.outFeatures());
            }
        }
        return out;
    }

    static boolean sameBackbone(NetworkSpec a, NetworkSpec b) {
        return backbone(a).equals(backbone(b));
    }

    /** LeNet-5's backbone (convs 6 and 16 of 5×5, dense 120-84-10), whatever its activations, pooling or dropout. */
    static boolean isLeNet(NetworkSpec spec) {
        return sameBackbone(spec, Presets.lenet());
    }

    /** The book's AlexNet backbone (d2l's, 10 classes). */
    static boolean isBookAlexNet(NetworkSpec spec) {
        return sameBackbone(spec, Presets.alexnet());
    }

    /** The book's AlexNet, the 2012 paper's or the app's alexnet-mini. */
    static boolean isAlexNetFamily(NetworkSpec spec) {
        return isBookAlexNet(spec) || sameBackbone(spec, Presets.alexnet2012())
                || sameBackbone(spec, Presets.alexnetMini());
    }

    /** Exactly alexnet-mini's layers (any input size). */
    static boolean isAlexNetMini(NetworkSpec spec) {
        return spec.layers().equals(Presets.alexnetMini().layers());
    }

    /** The preset whose layers these are exactly (any input size). */
    static Optional<Preset> preset(NetworkSpec spec) {
        return Presets.all().stream().filter(p -> p.spec().layers().equals(spec.layers())).findFirst();
    }

    /** The preset whose backbone this is, for its recipe's epochs. */
    static Optional<Preset> family(NetworkSpec spec) {
        return Presets.all().stream().filter(p -> sameBackbone(p.spec(), spec)).findFirst();
    }

    static boolean has(NetworkSpec spec, Class<? extends LayerSpec> kind) {
        return spec.layers().stream().anyMatch(kind::isInstance);
    }

    static boolean hasDropout(NetworkSpec spec) {
        return spec.layers().stream().anyMatch(l -> l instanceof Dropout d && d.p() > 0);
    }

    /** The book's LeNet as it is: sigmoid activations, no ReLU, no dropout. */
    static boolean isPlainLeNet(NetworkSpec spec) {
        return isLeNet(spec) && has(spec, Sigmoid.class) && !has(spec, ReLU.class) && !hasDropout(spec);
    }

    /** LeNet with ReLU and dropout (the exercise's change; a sigmoid may remain somewhere). */
    static boolean isLeNetWithReluAndDropout(NetworkSpec spec) {
        return isLeNet(spec) && has(spec, ReLU.class) && hasDropout(spec);
    }

    /** A short, stable description of the layers (ignoring the input), to tell whether picks still apply. */
    static String fingerprint(NetworkSpec spec) {
        StringBuilder b = new StringBuilder();
        for (LayerSpec l : spec.layers()) {
            b.append(l.kind()).append('(').append(l.settings()).append(')').append(';');
        }
        return Integer.toHexString(b.toString().hashCode()) + ":" + spec.layers().size();
    }
}
