package org.alexnetstudio.ui.training;

import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.DevicePreference;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.ui.shared.Texts;

/**
 * The Device setting: which choices this build offers, the saved preference, and a note when it
 * differs from the device this process runs on (ND4J picks its backend once per process, so a
 * change applies from the next start, like the language).
 */
public final class DeviceSettings {

    private final Texts texts;
    private final DevicePreference store;
    private final boolean cudaBuild;
    private final DeviceChoice active;
    private final List<DeviceChoice> options;
    private final ReadOnlyObjectWrapper<DeviceChoice> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyBooleanWrapper restartNeeded = new ReadOnlyBooleanWrapper(this, "restartNeeded");
    private EngineInfo engine;

    /**
     * @param cudaBuild  whether ND4J's CUDA backend is on the classpath
     * @param active     the choice this process started ND4J with
     */
    public DeviceSettings(Texts texts, DevicePreference store, boolean cudaBuild, DeviceChoice active) {
        this.texts = texts;
        this.store = store;
        this.cudaBuild = cudaBuild;
        this.active = active;
        // Without the CUDA backend there is nothing to choose: the CPU is the only device.
        options = cudaBuild ? List.of(DeviceChoice.AUTO, DeviceChoice.CPU, DeviceChoice.GPU) : List.of(DeviceChoice.CPU);
        selected.set(cudaBuild ? store.load() : DeviceChoice.CPU);
        update();
    }

    /** What the chooser lists. */
    public List<DeviceChoice> options() { return options; }
    /** Whether there is a choice at all (false in the CPU-only build). */
    public boolean canChoose() { return options.size() > 1; }
    public ReadOnlyObjectProperty<DeviceChoice> selectedProperty() { return selected.getReadOnlyProperty(); }
    /** A note for the student: restart needed, no GPU found, or CPU-only build; empty when none. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty restartNeededProperty() { return restartNeeded.getReadOnlyProperty(); }

    public String label(DeviceChoice c) {
        return texts.get("device." + c.id());
    }

    /** Saves the choice; it applies from the next start unless it is the one running now. */
    public void choose(DeviceChoice c) {
        if (c == null || !options.contains(c) || c == selected.get()) {
            return;
        }
        store.save(c);
        selected.set(c);
        update();
    }

    /** ND4J is running: notes can now say whether a GPU was found. */
    public void engineStarted(EngineInfo info) {
        engine = info;
        update();
    }

    private void update() {
        boolean restart = cudaBuild && selected.get() != active;
        restartNeeded.set(restart);
        if (!cudaBuild) {
            note.set(texts.get("device.cpuOnlyBuild"));
        } else if (restart) {
            note.set(texts.fmt("device.restart", label(selected.get())));
        } else if (engine != null && !engine.isGpu() && active != DeviceChoice.CPU) {
            note.set(texts.get("device.noGpuFound"));
        } else {
            note.set("");
        }
    }
}
