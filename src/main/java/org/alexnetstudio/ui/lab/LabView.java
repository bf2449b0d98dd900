package org.alexnetstudio.ui.lab;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Lab panel beside the tabs: the five exercises as steps (the book's question, what to do, a
 * Check with what is done and missing, the discussion of the student's numbers), progress on top,
 * and a narrow strip when hidden. Binds to a {@link LabViewModel}; all logic lives there.
 */
public final class LabView extends StackPane {

    static final double WIDTH = 390;

    private final LabViewModel vm;
    private final LabTexts texts;
    private final ToggleButton[] steps = new ToggleButton[Exercise.values().length];
    private final VBox findingsBox = new VBox(4);
    private ScrollPane scroll;

    public LabView(LabViewModel vm) {
        this.vm = vm;
        this.texts = vm.texts();
        setId("lab-panel");
        getStyleClass().add("lab-panel");
        Node open = openPanel();
        Node closed = closedStrip();
        open.visibleProperty().bind(vm.openProperty());
        closed.visibleProperty().bind(vm.openProperty().not());
        getChildren().addAll(open, closed);
        // Only the shown one takes room.
        prefWidthProperty().bind(Bindings.when(vm.openProperty()).then(WIDTH).otherwise(34));
        minWidthProperty().bind(prefWidthProperty());
        maxWidthProperty().bind(prefWidthProperty());
    }

    private Node closedStrip() {
        Button show = new Button();
        show.setId("lab-show");
        show.getStyleClass().addAll("lab-show", "accent");
        show.textProperty().bind(Bindings.createStringBinding(
                () -> texts.fmt("lab.collapsed", vm.doneCountProperty().get(), Exercise.values().length),
                vm.doneCountProperty()));
        show.setRotate(-90);
        show.setTooltip(new Tooltip(texts.get("lab.show")));
        show.setOnAction(e -> vm.setOpen(true));
        VBox strip = new VBox(new Group(show));
        strip.setAlignment(Pos.TOP_CENTER);
        strip.setPadding(new Insets(12, 0, 0, 0));
        strip.getStyleClass().add("lab-strip");
        return strip;
    }

    private Node openPanel() {
        // ---- top: title, progress, hide; the five steps
        Label title = new Label(texts.get("lab.title"));
        title.getStyleClass().add("lab-title");
        Label progress = new Label();
        progress.setId("lab-progress");
        progress.getStyleClass().add("muted");
        progress.textProperty().bind(vm.progressProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button hide = new Button("»");
        hide.setId("lab-hide");
        hide.getStyleClass().add("flat");
        hide.setTooltip(new Tooltip(texts.get("lab.hide")));
        hide.setOnAction(e -> vm.setOpen(false));
        HBox header = new HBox(8, title, progress, spacer, hide);
        header.setAlignment(Pos.CENTER_LEFT);
        Label subtitle = new Label(texts.get("lab.subtitle"));
        subtitle.getStyleClass().add("muted");
        subtitle.setWrapText(true);

        ToggleGroup group = new ToggleGroup();
        HBox stepBar = new HBox(6);
        stepBar.setId("lab-steps");
        for (Exercise e : Exercise.values()) {
            ToggleButton b = new ToggleButton();
            b.setId("lab-step-" + e.number());
            b.getStyleClass().add("lab-step");
            b.setToggleGroup(group);
            b.setTooltip(new Tooltip(texts.fmt("lab.exerciseTip", e.number(), texts.get(e.key() + ".title"))));
            b.setOnAction(ev -> vm.select(e));
            b.setMinWidth(52);
            steps[e.ordinal()] = b;
            stepBar.getChildren().add(b);
        }
        vm.done().addListener((SetChangeListener<Exercise>) c -> updateSteps());
        vm.shownProperty().addListener((o, a, b) -> updateSteps());
        updateSteps();
        VBox top = new VBox(6, header, subtitle, stepBar);
        top.setPadding(new Insets(10, 10, 6, 10));

        // ---- the exercise
        Label heading = new Label();
        heading.setId("lab-heading");
        heading.getStyleClass().add("section-title");
        heading.setWrapText(true);
        heading.textProperty().bind(vm.headingProperty());
        Label asks = caption("lab.question");
        Label quote = new Label();
        quote.setId("lab-quote");
        quote.getStyleClass().add("lab-quote");
        quote.setWrapText(true);
        quote.textProperty().bind(Bindings.concat("“", vm.quoteProperty(), "”"));
        Label cite = new Label();
        cite.setId("lab-cite");
        cite.getStyleClass().add("muted");
        cite.setWrapText(true);
        cite.textProperty().bind(Bindings.concat("— ", vm.citationProperty()));
        VBox question = new VBox(4, quote, cite);
        question.getStyleClass().add("lab-question");
        Label todo = caption("lab.steps");
        Label stepsText = wrapped("lab-steps-text");
        stepsText.textProperty().bind(vm.stepsProperty());

        Node picks = picksGrid();
        bindShownFor(picks, Exercise.COSTS);
        Node memoryTable = memorySection();
        bindShownFor(memoryTable, Exercise.COSTS);
        Node batchTable = batchSection();
        bindShownFor(batchTable, Exercise.BATCH);

        Button check = new Button(texts.get("lab.check"));
        check.setId("lab-check");
        check.getStyleClass().add("accent");
        // After a check, bring what it found into view (exercise 4's picks may have been scrolled to).
        check.setOnAction(e -> {
            vm.check();
            javafx.application.Platform.runLater(this::revealVerdict);
        });
        Label status = new Label();
        status.setId("lab-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        vm.passedProperty().addListener((o, a, b) -> status.pseudoClassStateChanged(PASSED, b));
        status.pseudoClassStateChanged(PASSED, vm.passedProperty().get());
        HBox checkRow = new HBox(10, check, status);
        checkRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);

        VBox findings = findingsBox;
        findings.setId("lab-findings");
        vm.findings().addListener((ListChangeListener<LabViewModel.Line>) c -> fillFindings(findings));
        fillFindings(findings);

        Label discussTitle = caption("lab.discussion");
        Label discussion = wrapped("lab-discussion");
        discussion.getStyleClass().add("lab-discussion");
        discussion.textProperty().bind(vm.discussionProperty());
        VBox discuss = new VBox(4, discussTitle, discussion);
        discuss.visibleProperty().bind(vm.discussionProperty().isNotEmpty());
        discuss.managedProperty().bind(discuss.visibleProperty());

        Label earlier = wrapped("lab-earlier");
        earlier.getStyleClass().add("muted");
        earlier.textProperty().bind(vm.earlierNoteProperty());
        earlier.visibleProperty().bind(vm.earlierNoteProperty().isNotEmpty());
        earlier.managedProperty().bind(earlier.visibleProperty());

        VBox body = new VBox(8, heading, asks, question, todo, stepsText, picks, new Separator(), findings,
                batchTable, discuss, memoryTable, earlier);
        body.setPadding(new Insets(4, 12, 12, 10));
        body.setFillWidth(true);
        scroll = new ScrollPane(body);
        scroll.setId("lab-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        vm.shownProperty().addListener((o, a, b) -> scroll.setVvalue(0));

        // ---- bottom: previous / next / start over; the licence
        Button previous = new Button(texts.get("lab.previous"));
        previous.setId("lab-previous");
        previous.disableProperty().bind(vm.shownProperty().isEqualTo(Exercise.values()[0]));
        previous.setOnAction(e -> vm.previous());
        Button next = new Button(texts.get("lab.next"));
        next.setId("lab-next");
        next.disableProperty().bind(vm.shownProperty().isEqualTo(Exercise.values()[Exercise.values().length - 1]));
        next.setOnAction(e -> vm.next());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button reset = new Button(texts.get("lab.reset"));
        reset.setId("lab-reset");
        reset.getStyleClass().add("flat");
        reset.setOnAction(e -> confirmReset());
        HBox nav = new HBox(6, previous, next, gap, reset);
        nav.setAlignment(Pos.CENTER_LEFT);
        Label licence = wrapped("lab-licence");
        licence.getStyleClass().addAll("muted", "lab-licence");
        licence.setText(texts.get("lab.licence"));
        VBox bottom = new VBox(6, checkRow, new Separator(), nav, licence);
        bottom.setPadding(new Insets(6, 10, 8, 10));

        BorderPane panel = new BorderPane(scroll, top, null, bottom, null);
        panel.getStyleClass().add("lab-open");
        return panel;
    }

    private static final javafx.css.PseudoClass PASSED = javafx.css.PseudoClass.getPseudoClass("passed");

    /** Scrolls the exercise to what the last check found. */
    public void revealVerdict() {
        applyCss();
        layout();
        reveal(findingsBox);
    }

    /** Scrolls the exercise so that {@code node} (inside it) is in view. */
    void reveal(Node node) {
        Node content = scroll.getContent();
        double contentHeight = content.getBoundsInLocal().getHeight();
        double viewport = scroll.getViewportBounds().getHeight();
        if (contentHeight <= viewport) {
            return;
        }
        double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
        scroll.setVvalue(Math.max(0, Math.min(1, (y - 8) / (contentHeight - viewport))));
    }

    private void updateSteps() {
        for (Exercise e : Exercise.values()) {
            ToggleButton b = steps[e.ordinal()];
            boolean isDone = vm.isDone(e);
            b.setText(isDone ? e.number() + " ✓" : String.valueOf(e.number()));
            b.pseudoClassStateChanged(PASSED, isDone);
            b.setSelected(e == vm.getShown());
        }
    }

    private void fillFindings(VBox box) {
        box.getChildren().clear();
        for (LabViewModel.Line line : vm.findings()) {
            Label l = new Label((line.done() ? "✓  " : "✗  ") + line.text());
            l.setWrapText(true);
            l.getStyleClass().addAll("lab-finding", line.done() ? "lab-done" : "lab-todo");
            box.getChildren().add(l);
        }
    }

    /** Exercise 4: tick boxes for the layers. */
    private Node picksGrid() {
        GridPane grid = new GridPane();
        grid.setId("lab-picks");
        grid.setHgap(8);
        grid.setVgap(2);
        ColumnConstraints layer = new ColumnConstraints();
        layer.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(layer, new ColumnConstraints(), new ColumnConstraints());
        vm.pickRows().addListener((ListChangeListener<LabViewModel.PickRow>) c -> fillPicks(grid));
        fillPicks(grid);
        return grid;
    }

    /** Exercise 4: the memory of one training batch, per layer, counted from the shapes. */
    private Node memorySection() {
        Label tableTitle = new Label();
        tableTitle.getStyleClass().add("section-title");
        tableTitle.setWrapText(true);
        tableTitle.textProperty().bind(vm.memoryTitleProperty());
        Tooltip tip = new Tooltip(texts.get("e4.table.tip"));
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        tableTitle.setTooltip(tip);
        GridPane table = new GridPane();
        table.setId("lab-memory-table");
        table.setHgap(10);
        table.getStyleClass().add("lab-table");
        vm.memoryRows().addListener((ListChangeListener<LabViewModel.MemoryRow>) c -> fillMemory(table));
        fillMemory(table);
        Label total = wrapped("lab-memory-total");
        total.textProperty().bind(vm.memoryTotalProperty());
        Label gpu = wrapped("lab-gpu");
        gpu.getStyleClass().add("muted");
        gpu.textProperty().bind(vm.gpuNoteProperty());
        return new VBox(6, tableTitle, table, total, gpu);
    }

    private void fillPicks(GridPane grid) {
        grid.getChildren().clear();
        if (vm.pickRows().isEmpty()) {
            grid.add(new Label(texts.get("e4.picks.none")), 0, 0, 3, 1);
            return;
        }
        Label memory = new Label(texts.get("e4.picks.memory"));
        Label compute = new Label(texts.get("e4.picks.compute"));
        memory.setTooltip(wrappedTip("e4.picks.memoryTip"));
        compute.setTooltip(wrappedTip("e4.picks.computeTip"));
        for (Label l : new Label[]{memory, compute}) {
            l.getStyleClass().add("lab-column");
        }
        grid.add(new Label(), 0, 0);
        grid.add(memory, 1, 0);
        grid.add(compute, 2, 0);
        int row = 1;
        for (LabViewModel.PickRow r : vm.pickRows()) {
            Label name = new Label(r.label());
            name.getStyleClass().add("mono");
            CheckBox m = new CheckBox();
            m.setId("lab-pick-memory-" + r.index());
            m.setSelected(r.memory());
            m.setOnAction(e -> vm.setPicked(true, r.index(), m.isSelected()));
            CheckBox c = new CheckBox();
            c.setId("lab-pick-compute-" + r.index());
            c.setSelected(r.compute());
            c.setOnAction(e -> vm.setPicked(false, r.index(), c.isSelected()));
            GridPane.setHalignment(m, javafx.geometry.HPos.CENTER);
            GridPane.setHalignment(c, javafx.geometry.HPos.CENTER);
            grid.addRow(row++, name, m, c);
        }
    }

    private void fillMemory(GridPane table) {
        table.getChildren().clear();
        if (vm.memoryRows().isEmpty()) {
            return;
        }
        table.addRow(0, shortHead("e4.table.layer"), head("e4.table.weights"), head("e4.table.activations"),
                head("e4.table.total"));
        int row = 1;
        for (LabViewModel.MemoryRow r : vm.memoryRows()) {
            table.addRow(row++, cell(r.layer()), number(r.parameterState()), number(r.activationState()),
                    number(r.total()));
        }
    }

    /** Exercise 3: the student's runs of one network by batch size. */
    private Node batchSection() {
        GridPane table = new GridPane();
        table.setId("lab-batch-table");
        table.setHgap(8);
        table.getStyleClass().add("lab-table");
        vm.batchLines().addListener((ListChangeListener<LabViewModel.BatchLine>) c -> fillBatches(table));
        fillBatches(table);
        return table;
    }

    private void fillBatches(GridPane table) {
        table.getChildren().clear();
        if (vm.batchLines().isEmpty()) {
            return;
        }
        Label counted = head("e3.table.counted");
        counted.setTooltip(wrappedTip("e3.table.countedTip"));
        Label peak = head("e3.table.peak");
        peak.setTooltip(wrappedTip("e3.table.peakTip"));
        Label accuracy = head("e3.table.accuracy");
        accuracy.setTooltip(wrappedTip("e3.table.accuracyTip"));
        table.addRow(0, shortHead("e3.table.run"), shortHead("e3.table.batch"), accuracy, head("e3.table.speed"), counted, peak);
        int row = 1;
        for (LabViewModel.BatchLine b : vm.batchLines()) {
            table.addRow(row++, cell(b.run()), number(b.batch()), number(b.accuracy()), number(b.speed()),
                    number(b.counted()), number(b.peak()));
        }
    }

    private Tooltip wrappedTip(String key) {
        Tooltip t = new Tooltip(texts.get(key));
        t.setWrapText(true);
        t.setMaxWidth(400);
        return t;
    }

    private void bindShownFor(Node node, Exercise e) {
        node.visibleProperty().bind(vm.shownProperty().isEqualTo(e));
        node.managedProperty().bind(node.visibleProperty());
    }

    private void confirmReset() {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, texts.get("lab.resetText"), ButtonType.OK, ButtonType.CANCEL);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.setTitle(texts.get("lab.resetTitle"));
        alert.setHeaderText(texts.get("lab.resetTitle"));
        alert.getDialogPane().setId("lab-reset-dialog");
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.reset());
    }

    private Label caption(String key) {
        Label l = new Label(texts.get(key));
        l.getStyleClass().add("lab-caption");
        return l;
    }

    private static Label wrapped(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    /** A short column title that never wraps. */
    private Label shortHead(String key) {
        Label l = head(key);
        l.setWrapText(false);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A column title: wraps onto a second line rather than widening the panel. */
    private Label head(String key) {
        Label l = new Label(texts.get(key));
        l.getStyleClass().add("lab-column");
        l.setWrapText(true);
        l.setMaxWidth(80);
        l.setMinHeight(Region.USE_PREF_SIZE);
        GridPane.setValignment(l, javafx.geometry.VPos.BOTTOM);
        return l;
    }

    private static Label cell(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("mono");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label number(String text) {
        Label l = cell(text);
        GridPane.setHalignment(l, javafx.geometry.HPos.RIGHT);
        return l;
    }
}
