package org.alexnetstudio.train.cpu;

/** Tanh: libnd4j's tanh and tanh_bp. */
final class TanhOps extends ElementwiseActivationOps {

    TanhOps() {
        super("tanh");
    }
}
