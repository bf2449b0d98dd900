package org.alexnetstudio.ui.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.DataSource;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.ui.training.Fixtures;
import org.junit.jupiter.api.Test;

class DataViewModelTest {

    static final Path DIR = Path.of("/tmp/alexnet-test-data");

    /** The sample, or the sample relabelled as a full download from {@code dir}. */
    static final class FakeLoader implements DataViewModel.Loader {
        boolean fail;

        @Override
        public FashionMnistData load(Path chosen) throws DataException {
            if (fail) {
                throw new DataException(chosen, "idx.notFound", "train-images-idx3-ubyte");
            }
            FashionMnistData s = Fixtures.sample();
            return chosen == null ? s : new FashionMnistData(s.train(), s.test(),
                    new DataSource(DataSource.Kind.CHOSEN, chosen, "the folder you chose: " + chosen));
        }

        @Override
        public FashionMnistData sample() {
            return Fixtures.sample();
        }
    }

    static final class FakeDownload implements DatasetDownload {
        final List<Double> reported = new ArrayList<>();
        boolean cancelled;
        boolean cancelOnStart;

        @Override
        public void download(Path target, DoubleConsumer progress, Consumer<String> status) throws DataException {
            if (cancelOnStart) {
                cancel();
            }
            for (int k = 0; k <= 4; k++) {
                if (cancelled) {
                    throw new DataException(target, "download.cancelled");
                }
                progress.accept(k / 4.0);
                reported.add(k / 4.0);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Test
    void theSampleIsClearlyLabelled() {
        DataViewModel vm = new DataViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW, new FakeLoader(),
                FakeDownload::new, DIR);
        vm.loadDefault();
        assertTrue(vm.sampleProperty().get());
        assertTrue(vm.sourceTextProperty().get().toLowerCase().contains("sample"), vm.sourceTextProperty().get());
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void downloadReportsProgressThenUsesTheNewData() {
        FakeDownload d = new FakeDownload();
        DataViewModel vm = new DataViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW, new FakeLoader(), () -> d, DIR);
        vm.download();
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), d.reported);
        assertEquals(1.0, vm.downloadProgressProperty().get());
        assertFalse(vm.sampleProperty().get());
        assertTrue(vm.sourceTextProperty().get().contains(DIR.toString()), vm.sourceTextProperty().get());
        assertFalse(vm.downloadingProperty().get());
    }

    @Test
    void aCancelledDownloadKeepsTheDataInUse() {
        FakeDownload d = new FakeDownload();
        d.cancelOnStart = true;
        DataViewModel vm = new DataViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW, new FakeLoader(), () -> d, DIR);
        vm.useSample();
        FashionMnistData before = vm.getData();
        vm.download();
        assertSame(before, vm.getData());
        assertFalse(vm.getError().isEmpty());
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void aFolderWithoutTheFilesIsAMessageAndNothingChanges() {
        FakeLoader loader = new FakeLoader();
        DataViewModel vm = new DataViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW, loader, FakeDownload::new, DIR);
        vm.useSample();
        loader.fail = true;
        vm.chooseFolder(Path.of("/nowhere"));
        assertTrue(vm.sampleProperty().get());
        assertTrue(vm.getError().startsWith("Could not load the data"), vm.getError());
    }
}
