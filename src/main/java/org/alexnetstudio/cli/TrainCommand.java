package org.alexnetstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.DataLocator;
import org.alexnetstudio.data.DataSource;
import org.alexnetstudio.data.FileErrors;
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
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.EpochResult;
import org.alexnetstudio.train.FashionMnistTrainingData;
import org.alexnetstudio.train.FinalMetrics;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.SessionInfo;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.train.TrainingDivergedException;
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
 * Exit statuses as in {@link ExitCode}: 2 for unusable settings or networks, 3 for unreadable input
 * files (spec, code, data, checkpoint), 4 when an output cannot be written, 1 when training fails.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a network on Fashion-MNIST like the book's train_ch6.",
            "Flags left out take the preset's recipe (the book's: resize 224, 10 epochs, batch 128, lr 0.01)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--preset", paramLabel = "ID",
            description = "A built-in network and its recipe: alexnet (default), alexnet-mini, lenet, alexnet-2012.")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE", description = "A network saved as JSON.")
    Path specFile;

    @Option(names = "--pytorch", paramLabel = "FILE", description = "An nn.Sequential(...) listing as in the book.")
    Path pytorchFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four Fashion-MNIST files.")
    Path dataDir;

    @Option(names = "--resize", paramLabel = "N", description = "Resize images to N×N.")
    Integer resize;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Passes over the training set (with --resume: the total, counting the checkpoint's).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate.")
    Double learningRate;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size.")
    Integer batchSize;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum in [0, 1) (0 = plain SGD, the book's).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "L2 penalty on the weights (0 = none).")
    Double weightDecay;

    @Option(names = "--lr-schedule", paramLabel = "NAME",
            description = "constant (the book's) or cosine (decays to 0 over the run).")
    String schedule;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the initial weights, the shuffling and dropout (same seed, same run).")
    Long seed;

    @Option(names = "--train-limit", paramLabel = "N",
            description = "Use N training images, class-balanced (0 = all, the default).")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N",
            description = "Use N test images, class-balanced (0 = all, the default).")
    Integer testLimit;

    @Option(names = "--save", paramLabel = "FILE", description = "Write a checkpoint after every epoch (checked to be writable before training).")
    Path saveFile;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint (--epochs = total).")
    Path resumeFile;

    @Option(names = "--export-npz", paramLabel = "FILE", description = "At the end, write the weights as a PyTorch state_dict .npz (checked to be writable before training).")
    Path npzFile;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        device.apply(); // the GPU's probe or ND4J's natives load while the data is read

        NetworkSpec spec;
        TrainingConfig config;
        Checkpoint checkpoint = null;
        try {
            if (resumeFile != null) {
                checkpoint = Checkpoint.load(resumeFile);
                List<String> nan = checkpoint.nonFiniteWeights();
                if (!nan.isEmpty()) {
                    err.println(CheckpointInputs.nanWeights(resumeFile, nan));
                    return ExitCode.INPUT;
                }
                spec = checkpoint.spec();
                config = checkpoint.config();
            } else {
                int sources = (preset != null ? 1 : 0) + (specFile != null ? 1 : 0) + (pytorchFile != null ? 1 : 0);
                if (sources > 1) {
                    err.println("Give only one of --preset, --spec and --pytorch.");
                    return ExitCode.USAGE;
                }
                TrainingRecipe recipe;
                if (specFile != null || pytorchFile != null) {
                    spec = specFile != null
                            ? SpecJson.fromJson(FileErrors.readUtf8(specFile))
                            : PyTorchCode.parse(FileErrors.readUtf8(pytorchFile),
                                    Shape.chw(1, resize != null ? resize : 224, resize != null ? resize : 224));
                    int size = spec.input().isSpatial() ? spec.input().height() : 224;
                    recipe = TrainingRecipe.book(size);
                } else {
                    String id = preset == null ? "alexnet" : preset;
                    Preset p = Presets.byId(id).orElse(null);
                    if (p == null) {
                        err.println(Cli.unknownPreset(id));
                        return ExitCode.USAGE;
                    }
                    spec = p.spec();
                    recipe = p.recipe();
                }
                config = TrainingConfig.fromRecipe(recipe);
            }
        } catch (CheckpointException | DataException e) {
            err.println(e.getMessage());
            return ExitCode.INPUT;
        } catch (PyTorchParseException | SpecFormatException e) {
            err.println(e.getMessage());
            return ExitCode.USAGE; // readable, but not a network: like an invalid one
        }
        if (schedule != null) {
            LearningRateSchedule parsed = parseSchedule(schedule);
            if (parsed == null) {
                err.println("Unknown --lr-schedule '" + schedule + "'; use constant or cosine.");
                return ExitCode.USAGE;
            }
            config = config.withSchedule(parsed);
        }
        config = applyFlags(config);
        if (!config.problems().isEmpty()) {
            config.problems().forEach(err::println);
            return ExitCode.USAGE;
        }
        if (checkpoint != null && config.epochs() <= checkpoint.epochsCompleted()) {
            err.println(alreadyTrained(resumeFile, checkpoint.epochsCompleted(), config.epochs()));
            return ExitCode.USAGE;
        }
        if (!spec.input().isSpatial()) {
            err.println("The network's input must be C×H×W, got " + spec.input());
            return ExitCode.USAGE;
        }
        var analysis = spec.withResize(config.resize()).analyze();
        if (!analysis.isValid()) {
            analysis.errorMessages().forEach(err::println);
            return ExitCode.USAGE;
        }
        Shape out0 = analysis.output().orElseThrow();
        if (out0.isSpatial() || out0.features() != FashionMnist.CLASSES || spec.input().channels() != 1) {
            err.println(out0.isSpatial() ? TrainMessages.format("network.outputNotFlat", out0)
                    : out0.features() != FashionMnist.CLASSES
                    ? TrainMessages.format("network.wrongClasses", out0.features(), FashionMnist.CLASSES)
                    : TrainMessages.format("network.wrongChannels", spec.input().channels(), 1));
            return ExitCode.USAGE;
        }
        // Outputs are checked before any training, so that hours of work are not lost at the first save.
        try {
            for (Path target : new Path[] {saveFile, npzFile}) {
                if (target != null) {
                    AtomicFiles.checkWritable(target);
                    AtomicFiles.removeStaleTemps(target); // left by a run that was killed
                }
            }
        } catch (DataException e) {
            err.println(e.getMessage());
            return ExitCode.OUTPUT;
        }

        FashionMnistData data;
        try {
            data = loadData(dataDir);
        } catch (DataException e) {
            err.println(e.getMessage());
            return ExitCode.INPUT;
        }
        FashionMnistTrainingData trainingData = new FashionMnistTrainingData(data, config.trainLimit(),
                config.testLimit(), config.seed());
        EngineInfo engine = device.ready(err);
        if (engine == null) {
            return ExitCode.USAGE;
        }
        err.println(engine.summary());
        err.println(data.source().description() + ": " + trainingData.size(FashionMnistTrainingData.Split.TRAIN)
                + " train / " + trainingData.size(FashionMnistTrainingData.Split.TEST) + " test images");
        err.flush();

        boolean bar = System.console() != null;
        TrainingSession[] holder = new TrainingSession[1];
        Saves saves = new Saves(saveFile, err);
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
                saves.save(holder[0]);
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
        } catch (TrainingDivergedException e) {
            if (bar) {
                err.println();
            }
            // The network holds the last good epoch's weights again: write what was asked for from them.
            err.println(e.hint());
            boolean trained = e.goodEpoch() > 0;
            if (!trained) {
                err.println("No epoch finished, so there are no trained weights to save.");
            } else if (saveFile == null && npzFile == null) {
                err.println("The weights of epoch " + e.goodEpoch()
                        + " were not saved: give --save FILE (or --export-npz FILE) to keep them.");
            } else {
                if (saveFile != null && saves.save(session)) {
                    err.println("The checkpoint " + saveFile + " holds the weights of epoch " + e.goodEpoch() + ".");
                }
                if (npzFile != null && exportNpz(session, err)) {
                    err.println("Wrote the weights of epoch " + e.goodEpoch() + " to " + npzFile + ".");
                }
            }
            err.flush();
            return saves.failed || npzFailed ? ExitCode.OUTPUT : ExitCode.FAILED;
        } catch (TrainingFailedException e) {
            if (bar) {
                err.println();
            }
            err.println(e.getMessage());
            return ExitCode.FAILED;
        }
        out.println(m.lossLine());
        out.println(m.speedLine());
        out.flush();
        err.println(String.format(Locale.ROOT, "waited for data %.2f%% of the training time", 100 * session.dataWaitFraction()));
        err.flush();
        if (npzFile != null) {
            exportNpz(session, err);
        }
        if (saves.failed) {
            err.println("Training finished, but saving the checkpoint " + saveFile + " failed (see above).");
        }
        err.flush();
        return saves.failed || npzFailed ? ExitCode.OUTPUT : ExitCode.OK;
    }

    private boolean npzFailed;

    private boolean exportNpz(TrainingSession session, PrintWriter err) {
        try {
            Npz.export(session.network(), npzFile);
            return true;
        } catch (IOException e) {
            err.println(FileErrors.writing(npzFile, e).getMessage());
            npzFailed = true;
            return false;
        }
    }

    static String alreadyTrained(Path checkpoint, int done, int asked) {
        return checkpoint.getFileName() + " already has " + done + (done == 1 ? " epoch" : " epochs")
                + (asked == done ? "" : ", more than the " + asked + " asked for")
                + ": nothing to train. --epochs is the total, counting the checkpoint's; to train on, give more, e.g. --epochs "
                + (done + 1) + ".";
    }

    /**
     * The checkpoint written after every epoch. A failed save is said at once and makes the exit
     * status 4 at the end; a file that another run replaced since this run last wrote it is said too.
     */
    static final class Saves {
        private final Path file;
        private final PrintWriter err;
        private AtomicFiles.Written last;
        private int lastEpoch = -1;
        boolean failed;

        Saves(Path file, PrintWriter err) {
            this.file = file;
            this.err = err;
            this.last = file == null ? null : AtomicFiles.Written.of(file);
        }

        boolean save(TrainingSession session) {
            if (file == null) {
                return false;
            }
            int epoch = session.history().isEmpty() ? 0 : session.history().get(session.history().size() - 1).epoch();
            boolean changed = last != null && last.changedOnDisk();
            if (epoch == lastEpoch && !changed) {
                return true; // already on disk
            }
            if (changed) {
                err.println("Warning: " + file + " changed on disk since this run last saved it (is another run "
                        + "saving to the same file?); overwriting it.");
            }
            try {
                last = session.saveCheckpoint(file);
                lastEpoch = epoch;
                return true;
            } catch (IOException e) {
                failed = true;
                err.println(FileErrors.writing(file, e).getMessage() + " The previous checkpoint, if any, is unchanged.");
                err.flush();
                return false;
            }
        }
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
