package org.alexnetstudio.train.gpu;

import org.bytedeco.javacpp.FloatPointer;

/** Where dropout layers get their masks: the network's seeded stream, or masks handed in (the correctness check). */
interface DropoutSource {

    long seed();

    /** The next draw's number: one per dropout layer per step, in layer order. */
    long nextDraw();

    /** A mask given for this step's layer {@code layer} (host, n·C·H·W values), or null to draw one. */
    FloatPointer injected(int layer);
}
