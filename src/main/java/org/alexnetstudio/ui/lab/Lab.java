package org.alexnetstudio.ui.lab;

import java.util.Locale;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.training.TrainingTabs;

/**
 * Adds the Lab to a window that has its training tabs: the panel beside the tabs, its view model
 * reading the editor's network, the Train tab's settings and (through a {@link RunRecorder}) the run
 * list. Call on the JavaFX thread after {@link TrainingTabs#install}.
 */
public final class Lab {

    private final LabViewModel vm;
    private final LabView view;

    private Lab(StudioWindow window, TrainingTabs training, Locale locale, LabStore store, ProcessMemory memory,
                GpuMemory gpu) {
        vm = new LabViewModel(new LabTexts(locale), store, window.viewModel().specProperty(),
                training.training().configProperty());
        new RunRecorder(training.training().runs(), () -> training.data().getData(), memory, gpu,
                store.nextSession(), vm::addRecord, vm::removeRecord);
        view = new LabView(vm);
        window.stage().getScene().getStylesheets().add(Lab.class.getResource("lab.css").toExternalForm());
        window.setSidePanel(view);
    }

    /** The Lab with the user's saved progress, this process's memory and the training backend's device memory. */
    public static Lab install(StudioWindow window, TrainingTabs training, Locale locale) {
        return install(window, training, locale, LabStore.user(), BACKEND_MEMORY);
    }

    /** The chosen backend's peak device memory (the GPU's; empty on the CPU). */
    static final GpuMemory BACKEND_MEMORY = new GpuMemory() {
        @Override
        public void resetPeak() {
            org.alexnetstudio.train.Networks.backend().resetPeakMemory();
        }

        @Override
        public java.util.OptionalLong peakBytes() {
            return org.alexnetstudio.train.Networks.backend().peakMemory();
        }
    };

    /** @param gpu the GPU backend's peak-memory hook ({@link GpuMemory#NONE} without one) */
    public static Lab install(StudioWindow window, TrainingTabs training, Locale locale, LabStore store, GpuMemory gpu) {
        return new Lab(window, training, locale, store, ProcessMemory.self(), gpu);
    }

    public LabViewModel viewModel() {
        return vm;
    }

    public LabView view() {
        return view;
    }
}
