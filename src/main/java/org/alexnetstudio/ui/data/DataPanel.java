package org.alexnetstudio.ui.data;

import java.util.function.IntSupplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.alexnetstudio.ui.Labels;
import org.alexnetstudio.ui.shared.Texts;

/** Which data set is in use, with Download, Choose folder…, Use sample and Browse. */
public final class DataPanel extends VBox {

    public DataPanel(Texts texts, DataViewModel vm, IntSupplier resize) {
        super(6);
        getStyleClass().add("data-panel");
        setId("data-panel");
        Label title = new Label(texts.get("data.title"));
        title.getStyleClass().add("section-title");
        Label badge = new Label(texts.get("data.sampleBadge"));
        badge.getStyleClass().add("sample-badge");
        badge.setId("sample-badge");
        badge.visibleProperty().bind(vm.sampleProperty());
        badge.managedProperty().bind(badge.visibleProperty());
        HBox head = new HBox(8, title, badge);

        Label source = new Label();
        source.setId("data-source");
        source.setWrapText(true);
        source.textProperty().bind(vm.sourceTextProperty());

        Button download = new Button(texts.get("data.download"));
        download.setId("data-download");
        download.disableProperty().bind(vm.busyProperty());
        download.setOnAction(e -> vm.download());
        Button choose = new Button(texts.get("data.choose"));
        choose.setId("data-choose");
        choose.disableProperty().bind(vm.busyProperty());
        choose.setOnAction(e -> {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle(texts.get("data.chooseTitle"));
            var dir = c.showDialog(getScene().getWindow());
            if (dir != null) {
                vm.chooseFolder(dir.toPath());
            }
        });
        Button sample = new Button(texts.get("data.useSample"));
        sample.setId("data-use-sample");
        sample.disableProperty().bind(vm.busyProperty().or(vm.sampleProperty()));
        sample.setOnAction(e -> vm.useSample());
        Button browse = new Button(texts.get("data.browse"));
        browse.setId("data-browse");
        browse.disableProperty().bind(vm.dataProperty().isNull());
        browse.setOnAction(e -> DatasetBrowser.show(getScene().getWindow(), texts, vm.getData(), resize.getAsInt(),
                vm.onExplain()));
        HBox actions = new HBox(6, download, choose);
        HBox actions2 = new HBox(6, sample, browse);

        ProgressBar bar = new ProgressBar();
        bar.setId("data-progress");
        bar.progressProperty().bind(vm.downloadProgressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        Button cancel = new Button(texts.get("data.cancel"));
        cancel.setId("data-cancel");
        cancel.setOnAction(e -> vm.cancelDownload());
        HBox progress = new HBox(6, bar, cancel);
        progress.visibleProperty().bind(vm.downloadingProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label status = Labels.shownWhenSet(vm.statusProperty(), "muted");
        status.setWrapText(true);
        Label error = Labels.shownWhenSet(vm.errorProperty(), "inline-error");
        error.setId("data-error");
        error.setWrapText(true);
        getChildren().addAll(head, source, actions, actions2, progress, status, error);
        setPadding(new Insets(0, 0, 6, 0));
    }
}
