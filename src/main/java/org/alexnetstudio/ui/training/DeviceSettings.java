package org.alexnetstudio.ui.training;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.DevicePreference;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.ui.shared.Texts;

/**
 * The Device setting: Automatic (the GPU when a usable one is found), CPU or GPU, remembered between
 * starts, applied from the next run; and a note that says, in one sentence, why training runs on the CPU
 * when a GPU was wanted (what is missing and how to get it).
 */
public final class DeviceSettings {

    private static final List<DeviceChoice> OPTIONS = List.of(DeviceChoice.AUTO, DeviceChoice.CPU, DeviceChoice.GPU);

    private final Texts texts;
    private final DevicePreference store;
    private final Consumer<DeviceChoice> apply;
    private final ReadOnlyObjectWrapper<DeviceChoice> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");

    /**
     * @param apply  starts the engine for a new choice (the window: {@code Networks.choose} and a fresh start);
     *               the engine's outcome comes back through {@link #engineStarted}
     */
    public DeviceSettings(Texts texts, DevicePreference store, Consumer<DeviceChoice> apply) {
        this.texts = texts;
        this.store = store;
        this.apply = apply;
        selected.set(store.load());
    }

    /** What the chooser lists. */
    public List<DeviceChoice> options() { return OPTIONS; }
    public boolean canChoose() { return true; }
    public ReadOnlyObjectProperty<DeviceChoice> selectedProperty() { return selected.getReadOnlyProperty(); }
    /** Why a wanted GPU is not used, or that a change is being applied; empty when there is nothing to say. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    public String label(DeviceChoice c) {
        return texts.get("device." + c.id());
    }

    /** Saves the choice and starts the engine for it; the next run trains there. */
    public void choose(DeviceChoice c) {
        if (c == null || c == selected.get()) {
            return;
        }
        store.save(c);
        selected.set(c);
        note.set(texts.fmt("device.switching", label(c)));
        apply.accept(c);
    }

    /** The engine for the current choice runs: say why the CPU trains when a GPU was wanted. */
    public void engineStarted(EngineInfo info) {
        if (info.requested() != selected.get()) {
            return; // an earlier choice's engine; the current one reports next
        }
        note.set(info.fellBack() ? info.gpuMissingMessage() : "");
    }
}
