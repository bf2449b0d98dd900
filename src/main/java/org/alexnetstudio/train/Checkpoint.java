package org.alexnetstudio.train;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.data.DataMessages;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.SpecFormatException;
import org.alexnetstudio.model.SpecJson;

/**
 * Everything needed to continue a run, as one zip file: {@code checkpoint.properties} (format
 * version, epochs done, data), {@code spec.json}, {@code config.properties}, {@code history.csv},
 * {@code state/KEY.npy} (the PyTorch {@code state_dict}) and {@code momentum/KEY.npy}.
 * Saved atomically (temporary file, then rename), so a failed save never replaces a good file.
 *
 * @param state     parameters and batch-norm buffers by {@code state_dict} key
 * @param velocity  SGD momentum buffers by parameter key (empty without momentum)
 */
public record Checkpoint(NetworkSpec spec, TrainingConfig config, Map<String, Tensor> state,
                         Map<String, Tensor> velocity, List<EpochMetrics> history, int epochsCompleted,
                         String dataDescription) {

    public static final int VERSION = 1;
    static final String FORMAT = "alexnet-studio-checkpoint";

    /** @return what is on disk now, to notice later that another run replaced it */
    public AtomicFiles.Written save(Path file) throws IOException {
        return AtomicFiles.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw));
            Properties meta = new Properties();
            meta.setProperty("format", FORMAT);
            meta.setProperty("version", Integer.toString(VERSION));
            meta.setProperty("epochsCompleted", Integer.toString(epochsCompleted));
            meta.setProperty("data", dataDescription == null ? "" : dataDescription);
            putText(zip, "checkpoint.properties", props(meta));
            putText(zip, "spec.json", SpecJson.toJson(spec));
            putText(zip, "config.properties", props(configProperties(config)));
            StringBuilder csv = new StringBuilder("epoch,train_loss,train_acc,test_acc,examples_per_sec\n");
            for (EpochMetrics m : history) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s\n", m.epoch(), m.trainLoss(), m.trainAccuracy(),
                        m.testAccuracy(), m.examplesPerSec()));
            }
            putText(zip, "history.csv", csv.toString());
            Npz.writeEntries(state, "state/", zip);
            Npz.writeEntries(velocity, "momentum/", zip);
            zip.finish();
            zip.flush();
        });
    }

    /**
     * Reads a checkpoint.
     *
     * @throws CheckpointException naming the file and what is wrong (not a checkpoint, damaged,
     *                             truncated, or written by a newer version)
     */
    public static Checkpoint load(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        if (java.nio.file.Files.isDirectory(file)) {
            throw new CheckpointException(DataMessages.format("file.isFolder", file));
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry metaEntry = zip.getEntry("checkpoint.properties");
            if (metaEntry == null) {
                throw new CheckpointException(TrainMessages.format("checkpoint.notCheckpoint", name));
            }
            Properties meta = parse(text(zip, metaEntry, name));
            if (!FORMAT.equals(meta.getProperty("format"))) {
                throw new CheckpointException(TrainMessages.format("checkpoint.notCheckpoint", name));
            }
            String version = meta.getProperty("version", "?");
            if (!version.equals(Integer.toString(VERSION))) {
                throw new CheckpointException(TrainMessages.format("checkpoint.version", name, version, VERSION));
            }
            NetworkSpec spec = SpecJson.fromJson(text(zip, required(zip, "spec.json", name), name));
            TrainingConfig config = config(parse(text(zip, required(zip, "config.properties", name), name)));
            List<EpochMetrics> history = new ArrayList<>();
            String[] lines = text(zip, required(zip, "history.csv", name), name).split("\n");
            for (int k = 1; k < lines.length; k++) {
                if (lines[k].isBlank()) {
                    continue;
                }
                String[] f = lines[k].trim().split(",");
                history.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
            Map<String, Tensor> state = Npz.readEntries(zip, "state/", name);
            if (state.isEmpty() && !spec.analyze().layers().stream().allMatch(r -> r.parameters() == 0)) {
                throw new CheckpointException(TrainMessages.format("checkpoint.damaged", name, "no weights"));
            }
            Map<String, Tensor> velocity = Npz.readEntries(zip, "momentum/", name);
            return new Checkpoint(spec, config, state, velocity, history,
                    Integer.parseInt(meta.getProperty("epochsCompleted", "0")), meta.getProperty("data", ""));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(TrainMessages.format("checkpoint.missing", file));
        } catch (ZipException e) {
            throw new CheckpointException(TrainMessages.format("checkpoint.notZip", name, e.getMessage()));
        } catch (CheckpointException e) {
            throw e;
        } catch (SpecFormatException e) {
            throw new CheckpointException(TrainMessages.format("checkpoint.damaged", name, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(TrainMessages.format("checkpoint.damaged", name, e.getMessage()));
        }
    }

    /** The {@code state_dict} keys whose arrays hold NaN or infinite values (a run saved after it diverged). */
    public List<String> nonFiniteWeights() {
        return nonFinite(state);
    }

    /** The keys whose arrays hold NaN or infinite values. */
    static List<String> nonFinite(Map<String, Tensor> state) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor t = e.getValue();
            if (!t.isLong() && !allFinite(t.floats())) {
                bad.add(e.getKey());
            }
        }
        return bad;
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A network with this checkpoint's weights (for predict). */
    public Network buildNetwork() {
        Network net = Networks.build(spec, config.seed());
        net.loadStateDict(state);
        return net;
    }

    private static ZipEntry required(ZipFile zip, String entry, String name) throws CheckpointException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw new CheckpointException(TrainMessages.format("checkpoint.damaged", name, "missing " + entry));
        }
        return e;
    }

    private static void putText(ZipOutputStream zip, String entry, String text) throws IOException {
        Npz.putStored(zip, entry, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ZipFile zip, ZipEntry e, String name) throws IOException {
        return new String(Npz.readVerified(zip, e, name), StandardCharsets.UTF_8);
    }

    private static String props(Properties p) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, null);
        return w.toString();
    }

    private static Properties parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private static Properties configProperties(TrainingConfig c) {
        Properties p = new Properties();
        p.setProperty("learningRate", Double.toString(c.learningRate()));
        p.setProperty("momentum", Double.toString(c.momentum()));
        p.setProperty("weightDecay", Double.toString(c.weightDecay()));
        p.setProperty("batchSize", Integer.toString(c.batchSize()));
        p.setProperty("epochs", Integer.toString(c.epochs()));
        p.setProperty("seed", Long.toString(c.seed()));
        p.setProperty("resize", Integer.toString(c.resize()));
        p.setProperty("trainLimit", Integer.toString(c.trainLimit()));
        p.setProperty("testLimit", Integer.toString(c.testLimit()));
        p.setProperty("schedule", c.schedule().name());
        return p;
    }

    private static TrainingConfig config(Properties p) {
        return new TrainingConfig(Double.parseDouble(p.getProperty("learningRate")),
                Double.parseDouble(p.getProperty("momentum")), Double.parseDouble(p.getProperty("weightDecay")),
                Integer.parseInt(p.getProperty("batchSize")), Integer.parseInt(p.getProperty("epochs")),
                Long.parseLong(p.getProperty("seed")), Integer.parseInt(p.getProperty("resize")),
                Integer.parseInt(p.getProperty("trainLimit")), Integer.parseInt(p.getProperty("testLimit")),
                schedule(p.getProperty("schedule")));
    }

    /** Checkpoints written before schedules existed have none: the book's constant rate. */
    private static LearningRateSchedule schedule(String name) {
        if (name == null) {
            return LearningRateSchedule.CONSTANT;
        }
        try {
            return LearningRateSchedule.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "'");
        }
    }
}
