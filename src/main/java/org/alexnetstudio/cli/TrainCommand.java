package org.alexnetstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.DataLocator;
import org.alexnetstudio.data.DataSource;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.PyTorchCode;
import org.alexnetstudio.model.PyTorchParseException;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.SpecFormatException;
import org.alexnetstudio.model.SpecJson;
import org.alexnetstudio.model.TrainingRecipe;
import org.alexnetstudio.train.BatchProgress;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.CheckpointException;
import org.alexnetstudio.train.EngineBootstrap;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.EpochResult;
import org.alexnetstudio.train.FashionMnistTrainingData;
import org.alexnetstudio.train.FinalMetrics;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.SessionInfo;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.train.TrainingFailedException;
import org.alexnetstudio.train.TrainMessages;
import org.alexnetstudio.train.TrainingListener;
import org.alexnetstudio.train.TrainingSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: the book's {@code train_ch6} from the command line, printing what the book prints.
 * Exit status 2 for unusable input (spec, data, checkpoint, settings), 1 when training fails.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a network on Fashion-MNIST like the book's train_ch6.",
            "Flags left out take the preset's recipe (the book's: resize 224, 10 epochs, batch 128, lr 0.01)."})
public final class TrainCommand implements Callable<Integer> {

    static final int INVALID = 2;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--preset", paramLabel = "ID", description = "alexnet (default), alexnet-mini, lenet, alexnet-2012.")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE", description = "A network saved as JSON.")
    Path specFile;

    @Option(names = "--pytorch", paramLabel = "FILE", description = "An nn.Sequential(...) listing as in the book.")
    Path pytorchFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four Fashion-MNIST files.")
    Path dataDir;

    @Option(names = "--resize", paramLabel = "N", description = "Resize images to N×N.")
    Integer resize;

    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate.")
    Double learningRate;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size.")
    Integer batchSize;

    @Option(names = "--momentum", paramLabel = "M")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD")
    Double weightDecay;

    @Option(names = "--lr-schedule", paramLabel = "NAME",
            description = "constant (the book's) or cosine (decays to 0 over the run).")
    String schedule;

    @Option(names = "--seed", paramLabel = "N")
    Long seed;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use N training images (class-balanced).")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use N test images (class-balanced).")
    Integer testLimit;

    @Option(names = "--save", paramLabel = "FILE", description = "Write a checkpoint after every epoch.")
    Path saveFile;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint (--epochs = total).")
    Path resumeFile;

    @Option(names = "--export-npz", paramLabel = "FILE", description = "Write the weights as a PyTorch state_dict .npz.")
    Path npzFile;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        device.apply(err);
        EngineBootstrap.startAsync(); // natives load while the data is read

        NetworkSpec spec;
        TrainingConfig config;
        Checkpoint checkpoint = null;
        try {
            if (resumeFile != null) {
                checkpoint = Checkpoint.load(resumeFile);
                spec = checkpoint.spec();
                config = checkpoint.config();
            } else {
                int sources = (preset != null ? 1 : 0) + (specFile != null ? 1 : 0) + (pytorchFile != null ? 1 : 0);
                if (sources > 1) {
                    err.println("Give only one of --preset, --spec and --pytorch.");
                    return INVALID;
                }
                TrainingRecipe recipe;
                if (specFile != null || pytorchFile != null) {
                    spec = specFile != null
                            ? SpecJson.fromJson(Files.readString(specFile, StandardCharsets.UTF_8))
                            : PyTorchCode.parse(Files.readString(pytorchFile, StandardCharsets.UTF_8),
                                    Shape.chw(1, resize != null ? resize : 224, resize != null ? resize : 224));
                    int size = spec.input().isSpatial() ? spec.input().height() : 224;
                    recipe = TrainingRecipe.book(size);
                } else {
                    String id = preset == null ? "alexnet" : preset;
                    Preset p = Presets.byId(id).orElse(null);
                    if (p == null) {
                        err.println("Unknown preset '" + id + "'; known: "
                                + String.join(", ", Presets.all().stream().map(Preset::id).toList()));
                        return INVALID;
                    }
                    spec = p.spec();
                    recipe = p.recipe();
                }
                config = TrainingConfig.fromRecipe(recipe);
            }
        } catch (CheckpointException | PyTorchParseException | SpecFormatException e) {
            err.println(e.getMessage());
            return INVALID;
        } catch (IOException e) {
            err.println(e.getMessage() == null ? e.toString() : e.getMessage());
            return INVALID;
        }
        if (schedule != null) {
            LearningRateSchedule parsed = parseSchedule(schedule);
            if (parsed == null) {
                err.println("Unknown --lr-schedule '" + schedule + "'; use constant or cosine.");
                return INVALID;
            }
            config = config.withSchedule(parsed);
        }
        config = applyFlags(config);
        if (!config.problems().isEmpty()) {
            config.problems().forEach(err::println);
            return INVALID;
        }
        if (!spec.input().isSpatial()) {
            err.println("The network's input must be C×H×W, got " + spec.input());
            return INVALID;
        }
        var analysis = spec.withResize(config.resize()).analyze();
        if (!analysis.isValid()) {
            analysis.errorMessages().forEach(err::println);
            return INVALID;
        }
        Shape out0 = analysis.output().orElseThrow();
        if (out0.isSpatial() || out0.features() != FashionMnist.CLASSES || spec.input().channels() != 1) {
            err.println(out0.isSpatial() ? TrainMessages.format("network.outputNotFlat", out0)
                    : out0.features() != FashionMnist.CLASSES
                    ? TrainMessages.format("network.wrongClasses", out0.features(), FashionMnist.CLASSES)
                    : TrainMessages.format("network.wrongChannels", spec.input().channels(), 1));
            return INVALID;
        }

        FashionMnistData data;
        try {
            data = loadData(dataDir);
        } catch (DataException e) {
            err.println(e.getMessage());
            return INVALID;
        }
        FashionMnistTrainingData trainingData = new FashionMnistTrainingData(data, config.trainLimit(),
                config.testLimit(), config.seed());
        EngineInfo engine = EngineBootstrap.awaitReady();
        err.println(engine.summary());
        DeviceOption.warnIfGpuMissing(engine, err);
        err.println(data.source().description() + ": " + trainingData.size(FashionMnistTrainingData.Split.TRAIN)
                + " train / " + trainingData.size(FashionMnistTrainingData.Split.TEST) + " test images");
        err.flush();

        boolean bar = System.console() != null;
        TrainingSession[] holder = new TrainingSession[1];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void started(SessionInfo info) {
                out.println("training on " + info.device());
                out.flush();
            }

            @Override
            public void stepDone(int epoch, int batch, int batches) {
                if (bar) {
                    int width = 30;
                    int filled = batch * width / batches;
                    err.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d", epoch, config().epochs(),
                            "#".repeat(filled), ".".repeat(width - filled), batch, batches));
                    err.flush();
                }
            }

            @Override
            public void batchProgress(BatchProgress p) {
                if (bar) {
                    long s = p.eta().toSeconds();
                    err.print(String.format(Locale.ROOT, "  loss %.3f, train acc %.3f, %.1f examples/sec, ETA %d:%02d:%02d",
                            p.trainLoss(), p.trainAccuracy(), p.examplesPerSec(), s / 3600, s / 60 % 60, s % 60));
                    err.flush();
                }
            }

            @Override
            public void epochEnd(EpochResult r) {
                if (bar) {
                    err.print("\r\033[K");
                    err.flush();
                }
                out.println(r.metrics().line());
                out.flush();
                if (saveFile != null) {
                    try {
                        holder[0].saveCheckpoint(saveFile);
                    } catch (IOException e) {
                        err.println("Could not save the checkpoint " + saveFile + ": " + e.getMessage()
                                + " (the previous one, if any, is unchanged)");
                    }
                }
            }

            private TrainingConfig config() {
                return holder[0].config();
            }
        };
        TrainingSession session = checkpoint != null
                ? TrainingSession.resume(checkpoint, trainingData, config, listener)
                : new TrainingSession(spec, trainingData, config, listener);
        holder[0] = session;
        FinalMetrics m;
        try {
            m = session.run();
        } catch (TrainingFailedException e) {
            if (bar) {
                err.println();
            }
            err.println(e.getMessage());
            return 1;
        }
        out.println(m.lossLine());
        out.println(m.speedLine());
        out.flush();
        err.println(String.format(Locale.ROOT, "waited for data %.2f%% of the training time", 100 * session.dataWaitFraction()));
        err.flush();
        if (npzFile != null) {
            try {
                Npz.export(session.network(), npzFile);
            } catch (IOException e) {
                err.println("Could not write " + npzFile + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** A folder the user names must hold the data (no silent fallback); otherwise the usual lookup. */
    static FashionMnistData loadData(Path dir) throws DataException {
        return dir != null ? FashionMnist.load(DataLocator.source(DataSource.Kind.CHOSEN, dir))
                : FashionMnist.loadDefault(null);
    }

    static LearningRateSchedule parseSchedule(String name) {
        for (LearningRateSchedule s : LearningRateSchedule.values()) {
            if (s.name().equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        return null;
    }

    private TrainingConfig applyFlags(TrainingConfig c) {
        if (learningRate != null) {
            c = c.withLearningRate(learningRate);
        }
        if (momentum != null) {
            c = c.withMomentum(momentum);
        }
        if (weightDecay != null) {
            c = c.withWeightDecay(weightDecay);
        }
        if (batchSize != null) {
            c = c.withBatchSize(batchSize);
        }
        if (epochs != null) {
            c = c.withEpochs(epochs);
        }
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (resize != null) {
            c = c.withResize(resize);
        }
        if (trainLimit != null || testLimit != null) {
            c = c.withLimits(trainLimit != null ? trainLimit : c.trainLimit(), testLimit != null ? testLimit : c.testLimit());
        }
        return c;
    }
}
