package org.alexnetstudio.ui.lab;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.train.EpochMetrics;
import org.alexnetstudio.ui.shared.Run;

/**
 * Watches the run list: when a run starts it resets the process's (and the GPU's) peak memory, when
 * it ends it hands a {@link RunRecord} with that peak to the Lab; a run removed from the list is
 * removed from the Lab too. On the JavaFX thread, like the run list.
 */
final class RunRecorder {

    private final Supplier<FashionMnistData> data;
    private final ProcessMemory memory;
    private final GpuMemory gpu;
    private final int session;
    private final Consumer<RunRecord> ended;
    private final Consumer<String> removed;

    RunRecorder(ObservableList<Run> runs, Supplier<FashionMnistData> data, ProcessMemory memory, GpuMemory gpu,
                int session, Consumer<RunRecord> ended, Consumer<String> removed) {
        this.data = data;
        this.memory = memory;
        this.gpu = gpu;
        this.session = session;
        this.ended = ended;
        this.removed = removed;
        runs.forEach(this::added);
        runs.addListener((ListChangeListener<Run>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(r -> removed.accept(id(r)));
                c.getAddedSubList().forEach(this::added);
            }
        });
    }

    String id(Run r) {
        return session + ":" + r.number();
    }

    private void added(Run run) {
        if (terminal(run.status())) {
            // A loaded checkpoint: its curves are there, its memory was not measured here.
            ended.accept(record(id(run), run, trainSize(run), -1, -1, -1));
            return;
        }
        memory.resetPeak();
        gpu.resetPeak();
        long before = memory.residentBytes().orElse(-1);
        run.statusProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Run.Status> o, Run.Status was, Run.Status now) {
                if (terminal(now)) {
                    run.statusProperty().removeListener(this);
                    ended.accept(record(id(run), run, trainSize(run), memory.peakResidentBytes().orElse(-1), before,
                            gpu.peakBytes().orElse(-1)));
                }
            }
        });
    }

    private int trainSize(Run run) {
        FashionMnistData d = data.get();
        if (d == null) {
            return 0;
        }
        int all = d.train().size();
        int limit = run.config().trainLimit();
        return limit > 0 ? Math.min(limit, all) : all;
    }

    static boolean terminal(Run.Status s) {
        return s == Run.Status.FINISHED || s == Run.Status.STOPPED || s == Run.Status.FAILED;
    }

    /** What the Lab keeps of {@code run}: the network as trained (input resized, as the engine does). */
    static RunRecord record(String id, Run run, int trainSize, long peakRss, long rssBefore, long gpuPeak) {
        NetworkSpec spec = run.spec();
        NetworkSpec trained = spec.input().isSpatial() ? spec.withResize(run.config().resize()) : spec;
        List<EpochMetrics> epochs = List.copyOf(run.epochs());
        double speed = run.result() != null ? run.result().examplesPerSec()
                : epochs.stream().mapToDouble(EpochMetrics::examplesPerSec).filter(v -> v > 0).average().orElse(Double.NaN);
        String status = run.session() == null ? "LOADED" : run.status().name();
        return new RunRecord(id, run.number(), false, trained, run.config(), run.dataDescription(), trainSize,
                run.testSet() == null ? 0 : run.testSet().size(), status,
                epochs.stream().map(EpochMetrics::testAccuracy).toList(),
                epochs.stream().map(EpochMetrics::trainAccuracy).toList(),
                epochs.stream().map(EpochMetrics::trainLoss).toList(),
                speed, run.device(), peakRss, rssBefore, gpuPeak);
    }
}
