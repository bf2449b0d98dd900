package org.alexnetstudio.ui.data;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.Resize;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.GreyImages;

/**
 * A grid of training samples, one row per class; clicking one shows it as stored (28×28) and as
 * the network sees it after the chosen resize, side by side at the same size on screen.
 */
public final class DatasetBrowser extends BorderPane {

    public static final int PER_CLASS = 10;

    private final Texts texts;
    private final ImageSet set;
    private final int resize;
    private final VBox detail = new VBox(8);
    private final GridPane grid = new GridPane();
    /** "Why?" beside the chosen sample: its explanation on the Explain tab; null: no button. */
    private final java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> onExplain;

    public DatasetBrowser(Texts texts, FashionMnistData data, int resize) {
        this(texts, data, resize, null);
    }

    public DatasetBrowser(Texts texts, FashionMnistData data, int resize,
                          java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> onExplain) {
        this.onExplain = onExplain;
        this.texts = texts;
        this.set = data.train();
        this.resize = resize;
        setId("dataset-browser");
        grid.setHgap(4);
        grid.setVgap(4);
        grid.setPadding(new Insets(8));
        int[] found = new int[10];
        int px = set.rows() * set.cols();
        for (int i = 0; i < set.size(); i++) {
            int c = set.label(i);
            if (c < 10 && found[c] < PER_CLASS) {
                if (found[c] == 0) {
                    Label name = new Label(texts.className(c));
                    name.setMinWidth(90);
                    grid.add(name, 0, c);
                }
                ImageView v = FxImages.view(GreyImages.fromBytes(set.pixels(), i * px, set.cols(), set.rows()), 56);
                v.getStyleClass().add("sample-tile");
                int index = i;
                v.setOnMouseClicked(e -> showDetail(index));
                grid.add(v, 1 + found[c], c);
                found[c]++;
            }
        }
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        detail.setPadding(new Insets(8));
        detail.setAlignment(Pos.TOP_CENTER);
        detail.setMinWidth(260);
        setRight(detail);
        Label hint = new Label(texts.fmt("browser.hint", resize));
        hint.getStyleClass().add("muted");
        hint.setPadding(new Insets(8));
        setTop(hint);
        if (set.size() > 0) {
            showDetail(0);
        }
    }

    /** How many sample tiles the grid holds. */
    public int tileCount() {
        return (int) grid.getChildren().stream().filter(n -> n instanceof ImageView).count();
    }

    private void showDetail(int i) {
        int px = set.rows() * set.cols();
        ArgbImage stored = GreyImages.fromBytes(set.pixels(), i * px, set.cols(), set.rows());
        float[] resized = new float[resize * resize];
        Resize.bilinear(set.pixels(), i * px, set.rows(), set.cols(), resize, resized, 0);
        ArgbImage seen = GreyImages.fromFloats(resized, 0, resize, resize);
        Label a = new Label(texts.get("browser.stored"), FxImages.view(stored, 224));
        a.setContentDisplay(javafx.scene.control.ContentDisplay.BOTTOM);
        Label b = new Label(texts.fmt("browser.resized", resize, resize), FxImages.view(seen, 224));
        b.setContentDisplay(javafx.scene.control.ContentDisplay.BOTTOM);
        Label name = new Label(texts.className(set.label(i)) + "  (#" + i + ")");
        name.getStyleClass().add("section-title");
        detail.getChildren().setAll(name, a, b);
        if (onExplain != null) {
            javafx.scene.control.Button why = new javafx.scene.control.Button(texts.get("mistakes.why"));
            why.setId("browser-why");
            why.setTooltip(new javafx.scene.control.Tooltip(texts.get("browser.whyTip")));
            byte[] item = java.util.Arrays.copyOfRange(set.pixels(), i * px, (i + 1) * px);
            int label = set.label(i);
            why.setOnAction(e -> onExplain.accept(new org.alexnetstudio.ui.shared.ExplainRequest(item,
                    texts.fmt("explain.trainImage", i), label)));
            detail.getChildren().add(why);
        }
    }

    public static void show(Window owner, Texts texts, FashionMnistData data, int resize) {
        show(owner, texts, data, resize, null);
    }

    /** With "Why?" for the chosen sample when {@code onExplain} is set. */
    public static void show(Window owner, Texts texts, FashionMnistData data, int resize,
                            java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> onExplain) {
        Stage s = new Stage();
        s.initOwner(owner);
        s.setTitle(texts.get("browser.title"));
        DatasetBrowser browser = new DatasetBrowser(texts, data, resize, onExplain);
        Scene scene = new Scene(new HBox(browser), 1000, 700);
        HBox.setHgrow(browser, javafx.scene.layout.Priority.ALWAYS);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        s.setScene(scene);
        s.show();
    }
}
