package org.alexnetstudio.train.cpu;

/** Sigmoid: libnd4j's sigmoid and sigmoid_bp. */
final class SigmoidOps extends ElementwiseActivationOps {

    SigmoidOps() {
        super("sigmoid");
    }
}
