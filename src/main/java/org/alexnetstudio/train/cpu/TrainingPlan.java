package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training step's ops for one batch size: views of the step's buffers and, per layer, the
 * forward and backward ops its {@link LayerOps} built on them, plus the loss (libnd4j's
 * softmax_cross_entropy_loss, mean over the batch, and its gradient). Built once per batch size.
 */
final class TrainingPlan {

    final int n;
    final TrainingContext context;
    final INDArray[] activations;
    final INDArray labels;
    final INDArray logits;
    final INDArray loss;
    /** The gradient of the loss with respect to the input (channels-last), when the plan computes it; else null. */
    final INDArray inputGradient;
    /** Where the backward starts: the gradient with respect to the logits (written by the loss, or by the caller). */
    final INDArray logitsGradient;
    /**
     * Explanations: where the caller writes the gradient of layer {@link #from}'s output (channels-last),
     * the backward's start; the logits gradient when {@code from} is the last layer.
     */
    final INDArray startGradient;
    /** The last layer the plan runs: forward stops and backward starts there. */
    final int from;
    /** With a captured layer: copies of its output and of the gradient with respect to it; else null. */
    final INDArray capturedActivation;
    final INDArray capturedGradient;
    final List<Runnable> forward = new ArrayList<>();
    final List<Runnable> backward = new ArrayList<>();
    private final TrainingBuffers buffers;
    private final int classes;
    private final double[] lossWeight = {1.0};

    /** A training plan: the loss and its gradient, no input gradient. */
    TrainingPlan(TrainingContext ctx, List<CompiledLayer> layers, List<LayerOps> ops, BufferPlan plan,
                 TrainingBuffers b, int firstTrained) {
        this(ctx, layers, ops, plan, b, firstTrained, false, layers.size() - 1, -1);
    }

    /**
     * @param firstTrained   index of the first layer with parameters: layers before it run no backward
     * @param explain        no loss: the backward starts from a logits gradient the caller writes into
     *                       {@link #logitsGradient}, and the input's gradient is computed (every layer's
     *                       backward runs)
     * @param from           explanations: the last layer to run; the backward starts from the gradient
     *                       of its output that the caller writes into {@link #startGradient} (the last
     *                       layer for a logits gradient; an inner layer for activation maximisation)
     * @param capture        a layer (at most {@code from}) whose output and output gradient are copied
     *                       as they are computed (Grad-CAM), or −1
     */
    TrainingPlan(TrainingContext ctx, List<CompiledLayer> layers, List<LayerOps> ops, BufferPlan plan,
                 TrainingBuffers b, int firstTrained, boolean explain, int from, int capture) {
        if (from < 0 || from >= layers.size() || capture > from || (!explain && from != layers.size() - 1)) {
            throw new IllegalArgumentException("plan from layer " + from + " capturing " + capture);
        }
        this.from = from;
        boolean inputGradient = explain;
        this.n = ctx.n;
        this.context = ctx;
        this.buffers = b;
        this.classes = plan.classes();
        activations = new INDArray[layers.size() + 1];
        activations[0] = view(b.slots[0], Layouts.of(layers.get(0).input(), n));
        for (CompiledLayer l : layers) {
            activations[l.index() + 1] = view(b.slots[plan.slotOfActivation[l.index() + 1]], Layouts.of(l.output(), n));
        }
        logits = activations[layers.size()];
        labels = view(b.labels, new long[]{n, classes});
        loss = b.loss;
        INDArray logitsGrad = view(b.logitsGrad, new long[]{n, classes});
        logitsGradient = logitsGrad;
        if (!explain) {
            forward.add(NdOps.op(op("softmax_cross_entropy_loss", ins(logits, b.lossWeights, labels), ins(loss), 3)
                    .addFloatingPointArguments(0.0)));
            backward.add(NdOps.op(op("softmax_cross_entropy_loss_grad", ins(logits, b.lossWeights, labels),
                    ins(logitsGrad, b.weightsGrad, view(b.labelsGrad, new long[]{n, classes})), 3)
                    .addFloatingPointArguments(0.0)));
        }
        capturedActivation = capture < 0 ? null
                : org.nd4j.linalg.factory.Nd4j.create(ctx.dtype, Layouts.of(layers.get(capture).output(), n));
        capturedGradient = capture < 0 ? null : capturedActivation.like();
        List<Runnable> layerForward = new ArrayList<>();
        // Backward from the logits: g lives in the loss buffer first, then alternates between the
        // two gradient buffers (in-place kinds keep it where it is). From an inner layer, g starts in
        // a buffer of its own, and the alternation continues as it would have from the logits, so that
        // each layer writes into the gradient buffer the plan sized for it.
        INDArray g = logitsGrad;
        int where = -1;
        if (from < layers.size() - 1) {
            g = org.nd4j.linalg.factory.Nd4j.create(ctx.dtype, Layouts.of(layers.get(from).output(), n));
            for (int k = layers.size() - 1; k > from; k--) {
                if (!plan.needs(k).backwardInPlace()) {
                    where = where == 0 ? 1 : 0;
                }
            }
        }
        startGradient = g;
        for (int k = from; k >= 0; k--) {
            CompiledLayer l = layers.get(k);
            int other = where == 0 ? 1 : 0;
            INDArray gradIn = view(b.gradients[other], Layouts.of(l.input(), n));
            TrainingOps s = ops.get(k).training(ctx, activations[k], activations[k + 1], g, gradIn,
                    inputGradient || k != firstTrained);
            boolean inPlace = s.gradientInPlace() != null;
            if (inPlace != plan.needs(k).backwardInPlace()) {
                throw new IllegalStateException("gradient buffer plan disagrees for " + l.spec().kind());
            }
            if (k == capture) {
                // the output as computed (a later in-place layer overwrites it), and its gradient before
                // this layer's own backward runs
                INDArray y = activations[k + 1];
                INDArray gradOut = g;
                Runnable f = s.forward();
                layerForward.add(0, () -> {
                    f.run();
                    capturedActivation.assign(y);
                });
                backward.add(() -> capturedGradient.assign(gradOut));
            } else {
                layerForward.add(0, s.forward());
            }
            if ((inputGradient || k >= firstTrained) && s.backward() != null) {
                backward.add(s.backward());
            }
            if (inPlace) {
                g = s.gradientInPlace();
            } else {
                g = gradIn;
                where = other;
            }
        }
        forward.addAll(0, layerForward);
        this.inputGradient = inputGradient ? g : null;
    }

    /** Scales the loss (and so its gradient): this plan's share of a batch split into shards. */
    void setLossWeight(double weight) {
        lossWeight[0] = weight;
        HostIo.writeVector(buffers.lossWeights, 1, lossWeight); // shared by the plans: written every pass
    }

    /** Images and one-hot labels of examples first..first+count−1 into the input and label buffers. */
    void load(float[] images, int[] labelIndex, int first, int count) {
        ImageInput.load(activations[0], context.inputShape(), images, first, count);
        // One-hot rows through the host buffer (one native call per putScalar otherwise).
        double[] row = new double[classes];
        for (int k = 0; k < n; k++) {
            Arrays.fill(row, 0);
            if (k < count) {
                int label = labelIndex[first + k];
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
                }
                row[label] = 1;
            }
            HostIo.write(labels, k * classes, row);
        }
    }

    int countCorrect(int[] labelIndex, int first, int count) {
        IntToDoubleFunction logit = context.dtype == DataType.FLOAT
                ? logits.data().asNioFloat()::get : logits.data().asNioDouble()::get;
        int correct = 0;
        for (int k = 0; k < count; k++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logit.applyAsDouble(k * classes + c) > logit.applyAsDouble(k * classes + best)) {
                    best = c;
                }
            }
            correct += best == labelIndex[first + k] ? 1 : 0;
        }
        return correct;
    }
}
