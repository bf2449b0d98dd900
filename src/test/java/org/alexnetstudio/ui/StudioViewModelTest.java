package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Fix;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Network tab's view model, without a window: file work runs synchronously. */
class StudioViewModelTest {

    private static final int LAST_POOL = 12; // MaxPool2d after the fifth conv in the book's AlexNet

    private final List<StudioViewModel.Problem> problems = new ArrayList<>();
    private StudioViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new StudioViewModel(new I18n(Locale.ENGLISH), new ModelFormats(Locale.ENGLISH),
                Runnable::run, Runnable::run, Presets.alexnet());
        vm.setOnProblem(problems::add);
    }

    private String output(int row) {
        return vm.rows().get(row).output();
    }

    private LayerField field(int index, String name) {
        return LayerForms.of(vm.getSpec().layers().get(index)).stream()
                .filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void bookAlexNetRowsShowTheBookShapes() {
        assertEquals(21, vm.rows().size());
        assertEquals("96×54×54", output(0));    // (224+2-11)/4+1 = 54
        assertEquals("96×26×26", output(2));    // (54-3)/2+1 = 26
        assertEquals("256×12×12", output(5));   // (26-3)/2+1 = 12
        assertEquals("256×5×5", output(12));    // (12-3)/2+1 = 5
        assertEquals("6400", output(13));       // 256*5*5 = 6400
        assertEquals("10", output(20));
        assertEquals("11,712", vm.rows().get(0).parameters()); // 96*1*11*11 + 96 = 11712
        assertEquals("46,764,746", vm.totalParametersProperty().get());
        assertEquals("187.1 MB", vm.weightSizeProperty().get()); // 46764746*4 bytes
        assertTrue(vm.isTrainable());
        assertFalse(vm.isDirty());
        // Before this computer is measured, a range between two measured 2-core CPUs (issue 21 item 10):
        // 3 × 938,146,176 MACs × 60,000 images / 1.4e11 MAC/s = 1,206 s ≈ 20 min; / 3.3e10 = 5,117 s ≈ 85 min
        assertEquals("≈ 20–85 min/epoch (estimate)", vm.getEpochTime());
        assertEquals("⌊(224 + 2·1 − 11)/4⌋ + 1 = 54", vm.rows().get(0).derivation());
    }

    @Test
    void aKernelTooLargeAfterTheLastPoolIsATeachingErrorAndUndoRemovesIt() {
        vm.select(LAST_POOL);
        vm.addLayer(new Conv2d(64, 3, 1, 1));
        assertEquals(LAST_POOL + 1, vm.getSelectedIndex());
        assertEquals("64×5×5", output(LAST_POOL + 1)); // (5+2-3)/1+1 = 5
        vm.setField(LAST_POOL + 1, field(LAST_POOL + 1, "kernel"), new LayerField.IntPair(13, 13));

        LayerRow bad = vm.rows().get(LAST_POOL + 1);
        assertEquals(LayerRow.Status.ERROR, bad.status());
        assertEquals("kernel", bad.error().field());
        // (5 + 2·1 - 13)/1 + 1 = -5: the message carries the student's numbers
        assertTrue(bad.error().message(Locale.ENGLISH).contains("13"), bad.error().message(Locale.ENGLISH));
        assertEquals(LayerRow.Status.UNKNOWN, vm.rows().get(LAST_POOL + 2).status());
        assertEquals("?", output(LAST_POOL + 2));
        assertFalse(vm.isTrainable());
        assertTrue(vm.getTrainReason().contains("Conv2d"), vm.getTrainReason());
        assertEquals("?", vm.totalParametersProperty().get());

        assertEquals("Change kernel of Conv2d #13 from 3 to 13", vm.getUndoText());
        vm.undo();
        assertNull(vm.getFirstError());
        assertEquals("64×5×5", output(LAST_POOL + 1));
        assertEquals("1600", output(LAST_POOL + 2)); // 64*5*5 = 1600
        assertTrue(vm.isTrainable());
    }

    @Test
    void typingDigitsMergesIntoOneUndoStep() {
        LayerField kernel = field(0, "kernel");
        vm.setField(0, kernel, new LayerField.IntPair(1, 1));
        vm.setField(0, kernel, new LayerField.IntPair(13, 13));
        assertEquals("Change kernel of Conv2d #0 from 11 to 13", vm.getUndoText());
        vm.undo();
        assertEquals(Presets.alexnet(), vm.getSpec());
        assertFalse(vm.isDirty());
        assertEquals("Change kernel of Conv2d #0 from 11 to 13", vm.getRedoText());
        vm.redo();
        assertEquals(13, ((Conv2d) vm.getSpec().layers().get(0)).kernelH());
        assertTrue(vm.isDirty());
    }

    @Test
    void editsHaveDescriptionsAndUndoRedoRestoreExactly() {
        vm.select(3);
        vm.duplicateSelected();
        assertEquals("Duplicate Conv2d #3", vm.getUndoText());
        assertEquals(4, vm.getSelectedIndex());
        vm.select(2);
        vm.moveSelected(1);
        assertEquals("Move MaxPool2d from #2 to #3", vm.getUndoText());
        assertEquals(3, vm.getSelectedIndex());
        vm.deleteSelected();
        assertEquals("Delete MaxPool2d #3", vm.getUndoText());
        vm.setInput(1, 96);
        assertEquals("Change input from 1×224×224 to 1×96×96", vm.getUndoText());
        vm.undo();
        vm.undo();
        vm.undo();
        vm.undo();
        assertEquals(Presets.alexnet(), vm.getSpec());
        assertFalse(vm.isDirty());
        assertFalse(vm.canUndoProperty().get());
        vm.redo();
        assertEquals("Duplicate Conv2d #3", vm.getUndoText());
        assertEquals(22, vm.rows().size());
        assertTrue(vm.isDirty());
    }

    @Test
    void aNewEditClearsRedo() {
        vm.select(1);
        vm.deleteSelected();
        vm.undo();
        assertTrue(vm.canRedoProperty().get());
        vm.addLayer(new ReLU());
        assertFalse(vm.canRedoProperty().get());
        assertEquals("", vm.getRedoText());
    }

    @Test
    void inputSizeChangesTheFlattenSize() {
        vm.setInput(1, 96);
        assertEquals("96×22×22", output(0)); // (96+2-11)/4+1 = 22
        assertEquals("256×1×1", output(12)); // 22 → 10 → 10 → 4 → 4 → 1: (4-3)/2+1 = 1
        assertEquals("256", output(13));     // 256*1*1 = 256
        assertEquals("Change input from 1×224×224 to 1×96×96", vm.getUndoText());
    }

    @Test
    void fixesComeFromTheModelAndApplyAsOneEdit() {
        // Linear straight after the last pool: the model offers "Insert Flatten".
        vm.select(13);
        vm.deleteSelected(); // the Flatten
        assertEquals(LayerRow.Status.ERROR, vm.rows().get(13).status());
        List<Fix> fixes = vm.getFirstError().error().fixes();
        assertEquals(1, fixes.size());
        assertEquals(Fix.Action.INSERT_BEFORE, fixes.get(0).action());
        vm.applyFix(fixes.get(0));
        assertNull(vm.getFirstError());
        assertEquals(new Flatten(), vm.getSpec().layers().get(13));
        assertEquals("6400", output(13));
        assertTrue(vm.getUndoText().startsWith("Insert Flatten"), vm.getUndoText());
        vm.undo();
        assertNotNull(vm.getFirstError());
    }

    @Test
    void outputMustBeTenClassScoresToTrain() {
        vm.select(20);
        vm.deleteSelected(); // last Linear(10): ends with Dropout on 4096
        assertNull(vm.getFirstError());
        assertFalse(vm.isTrainable());
        assertTrue(vm.getTrainReason().contains("4096"), vm.getTrainReason());
        vm.addLayer(new Linear(10));
        assertTrue(vm.isTrainable());
    }

    @Test
    void emptyNetworkCannotTrain() {
        vm.newDocument(new NetworkSpec(Shape.chw(1, 224, 224), List.of()));
        assertTrue(vm.rows().isEmpty());
        assertFalse(vm.isTrainable());
        assertEquals(-1, vm.getSelectedIndex());
        assertEquals("Untitled — AlexNet Studio", vm.getTitle());
    }

    @Test
    void saveAndOpenRoundTripAndTrackTheDirtyFlag(@TempDir Path dir) {
        Path file = dir.resolve("mine.json");
        vm.setInput(1, 96);
        assertTrue(vm.isDirty());
        assertEquals("*Untitled — AlexNet Studio", vm.getTitle());
        vm.save(file);
        assertTrue(Files.exists(file));
        assertFalse(vm.isDirty());
        assertEquals("mine.json — AlexNet Studio", vm.getTitle());
        NetworkSpec saved = vm.getSpec();

        vm.newDocument(Presets.lenet());
        vm.open(file);
        assertEquals(saved, vm.getSpec());
        assertEquals(file, vm.getFile());
        assertFalse(vm.isDirty());
        assertFalse(vm.canUndoProperty().get());
        assertTrue(problems.isEmpty());
    }

    @Test
    void savedNetworksAndCodeAreReadableLikeAnyNewFile(@TempDir Path dir) throws Exception {
        // issue 21 item 22: the window's saves go through the one atomic writer (not a private 0600 copy)
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path json = dir.resolve("net.json");
        Path py = dir.resolve("net.py");
        vm.save(json);
        vm.exportCode(py);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(json));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(py));
        assertFalse(Files.readString(py).contains("\r"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void aFileThatIsNotUtf8IsReportedInWords(@TempDir Path dir) throws Exception {
        Path gbk = Files.write(dir.resolve("gbk.json"), "{\"name\": \"\u5377\u79ef\"}".getBytes(java.nio.charset.Charset.forName("GBK")));
        vm.open(gbk);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("is not UTF-8 text"), problems.get(0).message());
    }

    @Test
    void aMalformedFileIsReportedAndTheWorkIsKept() throws Exception {
        vm.setInput(1, 96);
        NetworkSpec work = vm.getSpec();
        Path bad = Path.of(getClass().getResource("/ui/malformed-spec.json").toURI());
        vm.open(bad);
        assertEquals(1, problems.size());
        assertEquals("Could not open the file", problems.get(0).title());
        assertTrue(problems.get(0).message().contains("line 7"), problems.get(0).message());
        assertEquals(work, vm.getSpec());
        assertTrue(vm.isDirty());
        assertTrue(vm.canUndoProperty().get());
    }

    @Test
    void importedCodeIsAnUndoableEditAndBadCodeIsReported() throws Exception {
        String lenet = Files.readString(Path.of(getClass().getResource("/model/lenet-book.py").toURI()));
        vm.setInput(1, 28);
        assertTrue(vm.importCode(lenet));
        assertEquals(Presets.lenet().layers(), vm.getSpec().layers());
        assertEquals("Import PyTorch code", vm.getUndoText());

        String bad = Files.readString(Path.of(getClass().getResource("/ui/unclosed-code.py").toURI()));
        assertFalse(vm.importCode(bad));
        assertEquals(1, problems.size());
        assertEquals(Presets.lenet().layers(), vm.getSpec().layers());
        vm.undo();
        assertEquals(Presets.alexnet().layers(), vm.getSpec().layers());
    }

    @Test
    void exportedCodeReadsBackToTheSameNetwork() {
        String code = vm.exportCode();
        assertTrue(code.contains("nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1)"), code);
        assertTrue(vm.importCode(code));
        assertEquals(Presets.alexnet(), vm.getSpec());
    }

    @Test
    void movingKeepsTheMovedLayerSelected() {
        vm.move(0, 2);
        assertEquals(2, vm.getSelectedIndex());
        assertEquals("Conv2d", vm.rows().get(2).kind());
        assertEquals(LayerRow.Status.OK, vm.rows().get(0).status()); // ReLU on the input: 1×224×224
        assertEquals("Move Conv2d from #0 to #2", vm.getUndoText());
        vm.move(0, 99); // out of range: nothing
        assertEquals("Move Conv2d from #0 to #2", vm.getUndoText());
    }

    @Test
    void aCalibratedEstimatorIsShownAsMeasured() {
        vm.setEpochTimeEstimator(new EpochTimeEstimator() {
            @Override
            public java.util.OptionalDouble secondsPerEpoch(org.alexnetstudio.model.NetworkAnalysis a, int images) {
                return java.util.OptionalDouble.of(240);
            }

            @Override
            public boolean isEstimate() {
                return false;
            }
        });
        assertEquals("≈ 4 min/epoch (measured)", vm.getEpochTime());
    }
}
