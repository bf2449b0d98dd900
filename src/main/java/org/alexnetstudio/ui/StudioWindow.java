package org.alexnetstudio.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.ui.shared.LazyTooltip;

/**
 * The main window: menus, toolbar, the tab pane (Network now; Train, Filters, Mistakes and Predict
 * are added by later parts through {@link #tabs()}) and the document commands (new, open, save,
 * presets, PyTorch import/export) with the unsaved-changes guard.
 */
public final class StudioWindow {

    private final Stage stage;
    private final I18n i18n;
    private final StudioSettings settings;
    private final StudioViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Tab networkTab;
    private final NetworkView networkView;
    private final Button trainButton = new Button();
    private Runnable onTrain;
    private Runnable afterSave;
    /** Asked before the window closes, after unsaved network edits: runs its argument when safe. */
    private java.util.function.Consumer<Runnable> closeGuard = Runnable::run;

    public StudioWindow(Stage stage, I18n i18n, StudioSettings settings, SpecFormats formats, Executor background) {
        this.stage = stage;
        this.i18n = i18n;
        this.settings = settings;
        this.vm = new StudioViewModel(i18n, formats, background, Platform::runLater, Presets.alexnet());
        vm.setOnProblem(this::showProblem);
        vm.setOnFileUsed(path -> {
            settings.addRecent(path);
            Runnable next = afterSave;
            afterSave = null;
            if (next != null) {
                next.run();
            }
        });

        networkView = new NetworkView(vm);
        networkTab = new Tab(i18n.get("tab.network"), networkView);
        networkTab.setId("network-tab");
        networkTab.setClosable(false);
        tabs.setId("tabs");
        tabs.getTabs().add(networkTab);

        VBox top = new VBox(menuBar(), toolBar());
        root.setTop(top);
        root.setCenter(tabs);
        root.getStyleClass().add("studio");

        // Fit small laptop screens (1366×768) as well as large ones.
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1400, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().add(StudioWindow.class.getResource("studio.css").toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            e.consume();
            requestClose();
        });
    }

    // ---- API for tests and later parts ---------------------------------------------------------

    public StudioViewModel viewModel() {
        return vm;
    }

    public Stage stage() {
        return stage;
    }

    /** The tab pane; later parts add their tabs (Train, Filters, Mistakes, Predict) here. */
    public TabPane tabs() {
        return tabs;
    }

    public Tab networkTab() {
        return networkTab;
    }

    /** The Train button: enabled while {@link StudioViewModel#isTrainable()}, the reason as tooltip. */
    public Button trainButton() {
        return trainButton;
    }

    /** What Train does; without a handler it opens an empty Train tab. */
    public void setOnTrain(Runnable onTrain) {
        this.onTrain = onTrain;
    }

    /** Shows {@code panel} to the right of the tabs (the Lab), or no panel for null. */
    public void setSidePanel(javafx.scene.Node panel) {
        root.setRight(panel);
    }

    /**
     * Something else that must not be lost when the window closes (trained runs): {@code guard}
     * gets the closing action and runs it once it is safe, or never when the student cancels.
     */
    public void setCloseGuard(java.util.function.Consumer<Runnable> guard) {
        this.closeGuard = guard == null ? Runnable::run : guard;
    }

    /** File ▸ Exit, Ctrl+Q and the window's close button: asks about unsaved work, then closes. */
    public void requestClose() {
        whenSafeToDiscard(() -> closeGuard.accept(this::close));
    }

    /** Opens a spec file (no unsaved-changes question: callers ask first). */
    public void openFile(Path path) {
        vm.open(path);
    }

    public void saveFile(Path path) {
        vm.save(path);
    }

    // ---- menus and toolbar --------------------------------------------------------------------

    private MenuBar menuBar() {
        Menu file = new Menu(i18n.get("menu.file"));
        Menu recent = new Menu(i18n.get("menu.openRecent"));
        recent.setId("menu-recent");
        recent.setOnShowing(e -> fillRecent(recent));
        recent.getItems().add(new MenuItem(i18n.get("menu.noRecent")));
        MenuItem exit = item("menu.exit", shortcut(KeyCode.Q), this::requestClose);
        file.getItems().addAll(
                item("menu.new", shortcut(KeyCode.N), this::newNetwork),
                item("menu.open", shortcut(KeyCode.O), this::openWithChooser),
                recent,
                new SeparatorMenuItem(),
                item("menu.save", shortcut(KeyCode.S), this::save),
                item("menu.saveAs", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.SHIFT_DOWN), this::saveAs),
                new SeparatorMenuItem(),
                item("menu.importCode", shortcut(KeyCode.I), this::importCode),
                item("menu.exportCode", shortcut(KeyCode.E), this::exportCode),
                new SeparatorMenuItem(),
                exit);

        Menu edit = new Menu(i18n.get("menu.edit"));
        MenuItem undo = item("menu.undo", shortcut(KeyCode.Z), vm::undo);
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.getUndoText().isEmpty() ? i18n.get("menu.undo") : i18n.fmt("menu.undoWhat", vm.getUndoText()),
                vm.undoTextProperty()));
        MenuItem redo = item("menu.redo", shortcut(KeyCode.Y), vm::redo);
        redo.disableProperty().bind(vm.canRedoProperty().not());
        redo.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.getRedoText().isEmpty() ? i18n.get("menu.redo") : i18n.fmt("menu.redoWhat", vm.getRedoText()),
                vm.redoTextProperty()));
        var noSelection = vm.selectedIndexProperty().lessThan(0);
        MenuItem delete = item("menu.delete", new KeyCodeCombination(KeyCode.DELETE), vm::deleteSelected);
        delete.disableProperty().bind(noSelection);
        MenuItem duplicate = item("menu.duplicate", shortcut(KeyCode.D), vm::duplicateSelected);
        duplicate.disableProperty().bind(noSelection);
        MenuItem up = item("menu.moveUp", new KeyCodeCombination(KeyCode.UP, KeyCombination.ALT_DOWN),
                () -> vm.moveSelected(-1));
        up.disableProperty().bind(noSelection);
        MenuItem down = item("menu.moveDown", new KeyCodeCombination(KeyCode.DOWN, KeyCombination.ALT_DOWN),
                () -> vm.moveSelected(1));
        down.disableProperty().bind(noSelection);
        edit.getItems().addAll(undo, redo, new SeparatorMenuItem(), delete, duplicate, up, down);

        Menu layer = new Menu(i18n.get("menu.layer"));
        for (LayerKinds.Kind kind : LayerKinds.all()) {
            MenuItem add = new MenuItem(i18n.fmt("menu.addKind", kind.name(), i18n.get("kind." + kind.name())));
            add.setId("menu-add-" + kind.name());
            if (kind.shortcut() != null) {
                add.setAccelerator(new KeyCodeCombination(KeyCode.getKeyCode(kind.shortcut()),
                        KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
            }
            add.setOnAction(e -> vm.addLayer(kind.defaults()));
            layer.getItems().add(add);
        }

        Menu presets = new Menu(i18n.get("menu.presets"));
        presets.setId("menu-presets");
        presets.getItems().addAll(presetItems());

        Menu view = new Menu(i18n.get("menu.view"));
        Menu language = new Menu(i18n.get("menu.language"));
        ToggleGroup group = new ToggleGroup();
        for (Locale l : I18n.SUPPORTED) {
            RadioMenuItem r = new RadioMenuItem(i18n.get("language." + l.toLanguageTag()));
            r.setToggleGroup(group);
            r.setSelected(l.getLanguage().equals(i18n.locale().getLanguage()));
            r.setOnAction(e -> switchLanguage(l));
            language.getItems().add(r);
        }
        view.getItems().add(language);

        Menu help = new Menu(i18n.get("menu.help"));
        help.getItems().addAll(
                item("menu.helpContents", new KeyCodeCombination(KeyCode.F1), this::showHelp),
                item("menu.about", null, this::showAbout));

        MenuBar bar = new MenuBar(file, edit, layer, presets, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private List<MenuItem> presetItems() {
        return Presets.all().stream().map(p -> {
            MenuItem m = new MenuItem(presetTitle(p));
            m.setId("preset-" + p.id());
            // Undoable like any edit, so nothing is lost and there is nothing to ask.
            m.setOnAction(e -> vm.choosePreset(p.spec(), presetTitle(p)));
            return m;
        }).toList();
    }

    /** The preset's name in the UI language (model/ keeps an English title for the CLI). */
    private String presetTitle(Preset p) {
        String key = "preset." + p.id();
        String t = i18n.get(key);
        return t.equals(key) ? p.title() : t;
    }

    private ToolBar toolBar() {
        MenuButton presets = new MenuButton(i18n.get("toolbar.presets"));
        presets.setId("toolbar-presets");
        presets.getItems().addAll(presetItems());
        Button undo = button("toolbar.undo", "undo-button", vm::undo);
        undo.disableProperty().bind(vm.canUndoProperty().not());
        LazyTooltip.install(undo, () -> {
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(vm.undoTextProperty());
            return tip;
        });
        Button redo = button("toolbar.redo", "redo-button", vm::redo);
        redo.disableProperty().bind(vm.canRedoProperty().not());
        LazyTooltip.install(redo, () -> {
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(vm.redoTextProperty());
            return tip;
        });

        trainButton.setText(i18n.get("toolbar.train"));
        trainButton.setId("train-button");
        trainButton.getStyleClass().addAll("train-button", "success");
        trainButton.disableProperty().bind(vm.trainableProperty().not());
        trainButton.setOnAction(e -> train());
        // A disabled control shows no tooltip, so the reason sits on a wrapper that stays enabled.
        StackPane trainWrap = new StackPane(trainButton);
        trainWrap.setId("train-wrap");
        Tooltip trainTip = new Tooltip();
        trainTip.setId("train-tooltip");
        trainTip.textProperty().bind(vm.trainReasonProperty());
        trainTip.setWrapText(true);
        trainTip.setMaxWidth(480);
        trainTip.setShowDelay(Duration.millis(200));
        Tooltip.install(trainWrap, trainTip);

        Label busy = new Label(i18n.get("toolbar.busy"));
        busy.visibleProperty().bind(vm.busyProperty());
        busy.getStyleClass().add("muted");

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(
                button("toolbar.new", "new-button", this::newNetwork),
                button("toolbar.open", "open-button", this::openWithChooser),
                button("toolbar.save", "save-button", this::save),
                new javafx.scene.control.Separator(),
                undo, redo,
                new javafx.scene.control.Separator(),
                presets,
                button("toolbar.import", "import-button", this::importCode),
                button("toolbar.export", "export-button", this::exportCode),
                spacer, busy, trainWrap);
        bar.setId("tool-bar");
        return bar;
    }

    private Button button(String key, String id, Runnable action) {
        Button b = new Button(i18n.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private MenuItem item(String key, KeyCombination accelerator, Runnable action) {
        MenuItem m = new MenuItem(i18n.get(key));
        m.setId(key.replace('.', '-'));
        if (accelerator != null) {
            m.setAccelerator(accelerator);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }

    // ---- commands ------------------------------------------------------------------------------

    private void train() {
        if (onTrain != null) {
            onTrain.run();
            return;
        }
        Tab train = tabs.getTabs().stream().filter(t -> "train-tab".equals(t.getId())).findFirst().orElseGet(() -> {
            Label placeholder = new Label(i18n.get("train.placeholder"));
            placeholder.getStyleClass().add("muted");
            Tab t = new Tab(i18n.get("tab.train"), new StackPane(placeholder));
            t.setId("train-tab");
            t.setClosable(false);
            tabs.getTabs().add(t);
            return t;
        });
        tabs.getSelectionModel().select(train);
    }

    private void newNetwork() {
        whenSafeToDiscard(() -> vm.newDocument(new NetworkSpec(Shape.chw(1, 224, 224), List.of())));
    }

    private void openWithChooser() {
        whenSafeToDiscard(() -> {
            FileChooser chooser = specChooser("dialog.openTitle");
            var f = chooser.showOpenDialog(stage);
            if (f != null) {
                openFile(f.toPath());
            }
        });
    }

    private void fillRecent(Menu recent) {
        recent.getItems().clear();
        List<Path> files = settings.recentFiles();
        if (files.isEmpty()) {
            MenuItem none = new MenuItem(i18n.get("menu.noRecent"));
            none.setDisable(true);
            recent.getItems().add(none);
        }
        for (Path p : files) {
            MenuItem m = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            m.setOnAction(e -> whenSafeToDiscard(() -> openFile(p)));
            recent.getItems().add(m);
        }
    }

    private void save() {
        if (vm.getFile() == null) {
            saveAs();
        } else {
            vm.save(vm.getFile());
        }
    }

    /** @return false when the student cancelled the file chooser */
    private boolean saveAs() {
        FileChooser chooser = specChooser("dialog.saveTitle");
        chooser.setInitialFileName(vm.getFile() == null ? "network.json" : vm.getFile().getFileName().toString());
        var f = chooser.showSaveDialog(stage);
        if (f == null) {
            return false;
        }
        Path p = f.toPath();
        if (!p.getFileName().toString().contains(".")) {
            p = p.resolveSibling(p.getFileName() + ".json");
        }
        vm.save(p);
        return true;
    }

    private FileChooser specChooser(String titleKey) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(i18n.get(titleKey));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(i18n.get("dialog.specFiles"), "*.json"),
                new FileChooser.ExtensionFilter(i18n.get("dialog.allFiles"), "*"));
        Path last = vm.getFile() != null ? vm.getFile()
                : settings.recentFiles().stream().findFirst().orElse(null);
        if (last != null && last.toAbsolutePath().getParent() != null
                && last.toAbsolutePath().getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(last.toAbsolutePath().getParent().toFile());
        }
        return chooser;
    }

    /** Runs {@code action} now if nothing unsaved would be lost, else after Save / Don't save. */
    private void whenSafeToDiscard(Runnable action) {
        if (!vm.isDirty()) {
            action.run();
            return;
        }
        ButtonType save = new ButtonType(i18n.get("dialog.save"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(i18n.get("dialog.discard"), ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType(i18n.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, i18n.fmt("dialog.unsavedText", docName()),
                save, discard, cancel);
        alert.initOwner(stage);
        alert.setTitle(i18n.get("dialog.unsavedTitle"));
        alert.setHeaderText(i18n.get("dialog.unsavedHeader"));
        alert.getDialogPane().setId("unsaved-dialog");
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() == cancel) {
            return;
        }
        if (answer.get() == discard) {
            action.run();
            return;
        }
        afterSave = action;
        if (vm.getFile() != null) {
            vm.save(vm.getFile());
        } else if (!saveAs()) {
            afterSave = null;
        }
    }

    private String docName() {
        return vm.getFile() == null ? i18n.get("title.untitled") : vm.getFile().getFileName().toString();
    }

    private void close() {
        stage.close();
    }

    private void showProblem(StudioViewModel.Problem p) {
        afterSave = null;
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(stage);
        alert.setTitle(p.title());
        alert.setHeaderText(p.title());
        Label text = new Label(p.message());
        text.setWrapText(true);
        text.setMaxWidth(520);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("problem-dialog");
        alert.show();
    }

    /** What the student pasted last, kept until it is imported (a failed or cancelled import keeps it). */
    private String importDraft = "";

    /**
     * The import dialog. It stays open while the code cannot be read, with the reason under the text;
     * when only the input size is in the way it offers to set the input the code expects.
     */
    private void importCode() {
        Dialog<Boolean> dialog = new Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle(i18n.get("import.title"));
        dialog.setHeaderText(i18n.get("import.header"));
        TextArea area = new TextArea(importDraft);
        area.setId("import-code");
        area.getStyleClass().add("mono");
        area.setPrefSize(640, 380);
        area.setPromptText("nn.Sequential(\n    nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1), nn.ReLU(),\n    ...)");
        area.textProperty().addListener((o, a, b) -> importDraft = b);
        Button fromFile = new Button(i18n.get("import.fromFile"));
        fromFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(i18n.get("import.fromFile"));
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter(i18n.get("dialog.pythonFiles"), "*.py", "*.txt"),
                    new FileChooser.ExtensionFilter(i18n.get("dialog.allFiles"), "*"));
            var f = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (f != null) {
                try {
                    area.setText(java.nio.file.Files.readString(f.toPath()));
                } catch (java.io.IOException | RuntimeException ex) {
                    showProblem(new StudioViewModel.Problem(i18n.get("problem.importTitle"),
                            i18n.fmt("problem.open", f.getName(), ex.getMessage())));
                }
            }
        });
        Label problem = new Label();
        problem.setId("import-problem");
        problem.setWrapText(true);
        problem.setMaxWidth(640);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.getStyleClass().add("error-text");
        Button setInput = new Button();
        setInput.setId("import-set-input");
        setInput.getStyleClass().add("accent");
        VBox problemBox = new VBox(6, problem, setInput);
        problemBox.setId("import-problem-box");
        problemBox.getStyleClass().add("error-banner");
        problemBox.setVisible(false);
        problemBox.setManaged(false);
        VBox content = new VBox(8, area, fromFile, problemBox);
        content.setPadding(new Insets(4));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setId("import-dialog");
        ButtonType ok = new ButtonType(i18n.get("import.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok,
                new ButtonType(i18n.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        java.util.function.Consumer<StudioViewModel.ImportOutcome> show = outcome -> {
            if (outcome.imported()) {
                importDraft = "";
                dialog.setResult(true);
                dialog.close();
                return;
            }
            problem.setText(outcome.suggestedInput() == null
                    ? i18n.get("import.failed") + "\n" + outcome.problem() : outcome.problem());
            setInput.setVisible(outcome.suggestedInput() != null);
            setInput.setManaged(outcome.suggestedInput() != null);
            if (outcome.suggestedInput() != null) {
                setInput.setText(i18n.fmt("import.setInput", outcome.suggestedInput()));
                setInput.setOnAction(e -> importForInput(dialog, area, outcome.suggestedInput(), problem));
            }
            problemBox.setVisible(true);
            problemBox.setManaged(true);
            dialog.getDialogPane().getScene().getWindow().sizeToScene();
        };
        // Import keeps the dialog open when the code cannot be read: the text stays to be corrected.
        dialog.getDialogPane().lookupButton(ok).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            show.accept(vm.tryImport(area.getText()));
        });
        dialog.setResultConverter(b -> b == ok);
        dialog.showAndWait();
    }

    private void importForInput(Dialog<Boolean> dialog, TextArea area, Shape input, Label problem) {
        StudioViewModel.ImportOutcome outcome = vm.importWithInput(area.getText(), input);
        if (outcome.imported()) {
            importDraft = "";
            dialog.setResult(true);
            dialog.close();
        } else {
            problem.setText(i18n.get("import.failed") + "\n" + outcome.problem());
        }
    }

    private void exportCode() {
        String code = vm.exportCode();
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle(i18n.get("export.title"));
        dialog.setHeaderText(i18n.get("export.header"));
        TextArea area = new TextArea(code);
        area.setId("export-code");
        area.setEditable(false);
        area.getStyleClass().add("mono");
        area.setPrefSize(680, 420);
        Label copied = new Label();
        copied.getStyleClass().add("muted");
        Button copy = new Button(i18n.get("export.copy"));
        copy.setId("export-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(code);
            Clipboard.getSystemClipboard().setContent(c);
            copied.setText(i18n.get("export.copied"));
        });
        Button save = new Button(i18n.get("export.save"));
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(i18n.get("export.save"));
            chooser.setInitialFileName("network.py");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(i18n.get("dialog.pythonFiles"), "*.py"));
            var f = chooser.showSaveDialog(dialog.getDialogPane().getScene().getWindow());
            if (f != null) {
                vm.exportCode(f.toPath());
                copied.setText(i18n.fmt("export.saved", f.getName()));
            }
        });
        HBox buttons = new HBox(8, copy, save, copied);
        VBox content = new VBox(8, area, buttons);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setId("export-dialog");
        dialog.getDialogPane().getButtonTypes().add(new ButtonType(i18n.get("dialog.close"), ButtonBar.ButtonData.CANCEL_CLOSE));
        dialog.show();
    }

    private void switchLanguage(Locale locale) {
        settings.setLanguage(locale);
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle(i18n.get("menu.language"));
        alert.setHeaderText(null);
        // Shown in the chosen language, since that is the one the student can read.
        I18n chosen = new I18n(locale);
        alert.setContentText(chosen.get("language.restart"));
        alert.show();
    }

    private void showHelp() {
        info("help.title", "help.text");
    }

    private void showAbout() {
        info("about.title", "about.text");
    }

    private void info(String titleKey, String textKey) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle(i18n.get(titleKey));
        alert.setHeaderText(i18n.get(titleKey));
        Label text = new Label(i18n.get(textKey));
        text.setWrapText(true);
        text.setMaxWidth(560);
        alert.getDialogPane().setContent(text);
        alert.show();
    }
}
