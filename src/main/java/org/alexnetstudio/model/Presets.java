package org.alexnetstudio.model;

import java.util.List;
import java.util.Optional;

/** The networks the app ships with. */
public final class Presets {

    private Presets() {
    }

    /** The book's simplified AlexNet for 1×224×224 Fashion-MNIST (d2l §8.1). 46,764,746 parameters. */
    public static NetworkSpec alexnet() {
        return new NetworkSpec(Shape.chw(1, 224, 224), List.of(
                new Conv2d(96, 11, 4, 1), new ReLU(),
                new MaxPool2d(3, 2),
                new Conv2d(256, 5, 1, 2), new ReLU(),
                new MaxPool2d(3, 2),
                new Conv2d(384, 3, 1, 1), new ReLU(),
                new Conv2d(384, 3, 1, 1), new ReLU(),
                new Conv2d(256, 3, 1, 1), new ReLU(),
                new MaxPool2d(3, 2),
                new Flatten(),
                new Linear(4096), new ReLU(), new Dropout(0.5),
                new Linear(4096), new ReLU(), new Dropout(0.5),
                new Linear(10)));
    }

    /** The book's LeNet-5 (d2l §7.6): sigmoid and average pooling on 1×28×28. */
    public static NetworkSpec lenet() {
        return new NetworkSpec(Shape.chw(1, 28, 28), List.of(
                new Conv2d(6, 5, 1, 2), new Sigmoid(),
                new AvgPool2d(2, 2),
                new Conv2d(16, 5, 1, 0), new Sigmoid(),
                new AvgPool2d(2, 2),
                new Flatten(),
                new Linear(120), new Sigmoid(),
                new Linear(84), new Sigmoid(),
                new Linear(10)));
    }

    /**
     * The 2012 paper's network on 3×227×227 ImageNet images with local response normalisation and
     * 1000 classes, as one tower (the paper split it over two GPUs).
     */
    public static NetworkSpec alexnet2012() {
        return new NetworkSpec(Shape.chw(3, 227, 227), List.of(
                new Conv2d(96, 11, 4, 0), new ReLU(), LocalResponseNorm.paper(),
                new MaxPool2d(3, 2),
                new Conv2d(256, 5, 1, 2), new ReLU(), LocalResponseNorm.paper(),
                new MaxPool2d(3, 2),
                new Conv2d(384, 3, 1, 1), new ReLU(),
                new Conv2d(384, 3, 1, 1), new ReLU(),
                new Conv2d(256, 3, 1, 1), new ReLU(),
                new MaxPool2d(3, 2),
                new Flatten(),
                new Linear(4096), new ReLU(), new Dropout(0.5),
                new Linear(4096), new ReLU(), new Dropout(0.5),
                new Linear(1000)));
    }

    /**
     * AlexNet's structure sized for a laptop CPU on Fashion-MNIST as stored (1×28×28): a 5×5 stride-2
     * first conv (the book's 11×11 stride 4, scaled to the smaller image), conv/ReLU/max-pool stages,
     * three 3×3 convs in the middle, an overlapping 3×3 stride-2 max-pool, and a dropout-regularised
     * dense head; batch norm after every conv, widths about a third of the book's.
     */
    public static NetworkSpec alexnetMini() {
        return new NetworkSpec(Shape.chw(1, 28, 28), List.of(
                new Conv2d(32, 5, 2, 2), new BatchNorm2d(), new ReLU(),
                new Conv2d(64, 3, 1, 1), new BatchNorm2d(), new ReLU(),
                new MaxPool2d(2, 2),
                new Conv2d(96, 3, 1, 1), new BatchNorm2d(), new ReLU(),
                new Conv2d(96, 3, 1, 1), new BatchNorm2d(), new ReLU(),
                new Conv2d(64, 3, 1, 1), new BatchNorm2d(), new ReLU(),
                new MaxPool2d(3, 2),
                new Flatten(),
                new Linear(256), new ReLU(), new Dropout(0.3),
                new Linear(256), new ReLU(), new Dropout(0.3),
                new Linear(10)));
    }

    public static List<Preset> all() {
        return List.of(
                new Preset("alexnet", "AlexNet (d2l, Fashion-MNIST 224)",
                        "The book's simplified AlexNet: 5 conv + 3 dense layers on 1×224×224 inputs, 10 classes.",
                        alexnet(), TrainingRecipe.book(224)),
                new Preset("alexnet-mini", "AlexNet mini (CPU, 28×28)",
                        "AlexNet's shape sized for a laptop CPU. Changed from the book's AlexNet: images at their "
                        + "own 28×28 instead of 224×224 (64× fewer pixels); a 5×5 stride-2 first conv instead of "
                        + "11×11 stride 4; about a third of the widths (convs 32-64-96-96-64, dense 256, 430 k "
                        + "instead of 46.8 M parameters); batch norm after every conv so a large learning rate "
                        + "is stable; dropout 0.3; SGD with momentum 0.9 and weight decay 5e-4; the learning rate "
                        + "decays along a cosine to 0 over 4 epochs, which reach test accuracy about 0.91 (the book's "
                        + "AlexNet: about 0.88 after its 10 epochs). How long that takes depends on the computer "
                        + "several times over; the Network tab's estimate measures this one.",
                        alexnetMini(), new TrainingRecipe(28, 4, 128, 0.05, 0.9, 5e-4, LearningRateSchedule.COSINE)),
                new Preset("lenet", "LeNet-5 (d2l, 28×28)",
                        "The book's LeNet: sigmoid activations and average pooling on 1×28×28.",
                        lenet(), new TrainingRecipe(28, 10, 256, 0.9, 0, 0)),
                new Preset("alexnet-2012", "AlexNet 2012 (paper, ImageNet 227)",
                        "The original paper's network on 3×227×227 with LRN and 1000 classes, for exploring.",
                        alexnet2012(), new TrainingRecipe(227, 90, 128, 0.01, 0.9, 5e-4)));
    }

    public static Optional<Preset> byId(String id) {
        return all().stream().filter(p -> p.id().equalsIgnoreCase(id)).findFirst();
    }
}
