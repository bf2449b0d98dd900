package org.alexnetstudio.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.Shape;

/**
 * The stack drawn like the book's architecture figure: the input and every layer that changes the
 * shape as a box whose height follows H×W and whose depth follows the channels, dense layers as
 * bars whose height follows the features, each labelled with its shape. Every conv and linear layer
 * gets its own box (the book's 5 conv + 3 dense), even one that keeps its input's shape; the other
 * shape-keeping layers (ReLU, dropout, normalisation) are folded into the box before them. Clicking
 * a box selects it.
 */
final class StackDiagram extends Canvas {

    static final double HEIGHT = 172;
    private static final double TOP = 18;
    private static final double MAX_BOX = 104;
    private static final double GAP = 26;

    private final StudioViewModel vm;
    private final I18n i18n;
    /** Left and right x of each drawn block, with the layer index it selects (-1 for the input). */
    private final List<double[]> hits = new ArrayList<>();

    StackDiagram(StudioViewModel vm) {
        super(600, HEIGHT);
        this.vm = vm;
        this.i18n = vm.i18n();
        setId("stack-diagram");
        vm.analysisProperty().addListener((o, a, b) -> draw());
        vm.selectedIndexProperty().addListener((o, a, b) -> draw());
        setOnMouseClicked(e -> {
            for (double[] h : hits) {
                if (e.getX() >= h[0] && e.getX() <= h[1] && h[2] >= 0) {
                    vm.select((int) h[2]);
                    return;
                }
            }
        });
        draw();
    }

    /** Layers first..last drawn as one box; -1 for the input. */
    record Block(int first, int last, String kind, Shape shape, LayerRow.Status status) {
        boolean covers(int index) {
            return index >= 0 && index >= first && index <= last;
        }
    }

    private List<Block> blocks(NetworkAnalysis a) {
        return blocks(a, i18n.get("diagram.input"));
    }

    /** The boxes drawn for {@code a}: the input, then each layer except shape-keeping non-weight layers. */
    static List<Block> blocks(NetworkAnalysis a, String inputName) {
        List<Block> out = new ArrayList<>();
        out.add(new Block(-1, -1, inputName, a.spec().input(), LayerRow.Status.OK));
        Shape prev = a.spec().input();
        for (LayerReport r : a.layers()) {
            LayerRow.Status st = r.known() ? LayerRow.Status.OK
                    : r.error() != null ? LayerRow.Status.ERROR : LayerRow.Status.UNKNOWN;
            LayerKinds.Group group = LayerKinds.groupOf(r.layer().kind());
            boolean weights = group == LayerKinds.Group.CONV || group == LayerKinds.Group.DENSE;
            if (st == LayerRow.Status.OK && r.output().equals(prev) && !weights) {
                // Shape kept: fold into the previous block (but let its range cover this layer).
                Block last = out.get(out.size() - 1);
                if (last.first() >= 0) {
                    out.set(out.size() - 1, new Block(last.first(), r.index(), last.kind(), last.shape(), last.status()));
                }
                continue;
            }
            out.add(new Block(r.index(), r.index(), r.layer().kind(), r.output(), st));
            prev = r.output();
            if (st == LayerRow.Status.UNKNOWN) {
                prev = null;
            }
        }
        return out;
    }

    private void draw() {
        NetworkAnalysis a = vm.getAnalysis();
        List<Block> blocks = blocks(a);
        // Size scale: the largest spatial side and the widest feature count of this network.
        double maxSide = 1;
        double maxFeatures = 1;
        double maxChannels = 1;
        for (Block b : blocks) {
            if (b.shape() != null && b.shape().isPositive()) {
                if (b.shape().isSpatial()) {
                    maxSide = Math.max(maxSide, b.shape().height());
                    maxChannels = Math.max(maxChannels, b.shape().channels());
                } else {
                    maxFeatures = Math.max(maxFeatures, b.shape().features());
                }
            }
        }
        double x = 14;
        List<double[]> geometry = new ArrayList<>();
        for (Block b : blocks) {
            double w;
            double h;
            double depth;
            Shape s = b.shape();
            if (s == null || !s.isPositive()) {
                w = 34;
                h = 40;
                depth = 0;
            } else if (s.isSpatial()) {
                h = Math.max(10, MAX_BOX * Math.sqrt(s.height() / maxSide));
                w = Math.max(6, 8 + 22 * Math.log1p(s.channels()) / Math.log1p(Math.max(maxChannels, 2)));
                depth = Math.min(h * 0.45, 26);
            } else {
                h = Math.max(10, MAX_BOX * Math.sqrt(Math.log1p(s.features()) / Math.log1p(maxFeatures)));
                w = 12;
                depth = 0;
            }
            double labelWidth = Math.max(w + depth, 12 + 7.2 * label(b).length());
            geometry.add(new double[]{x, w, h, depth, labelWidth});
            x += labelWidth + GAP;
        }
        setWidth(Math.max(x, 200));
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        hits.clear();
        int selected = vm.getSelectedIndex();
        double baseline = TOP + MAX_BOX + 8;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            double[] geo = geometry.get(i);
            double cx = geo[0] + geo[4] / 2;
            double w = geo[1];
            double h = geo[2];
            double d = geo[3];
            double left = cx - (w + d) / 2;
            double top = baseline - h;
            boolean isSelected = b.covers(selected);
            Color fill = colour(b);
            g.setLineWidth(isSelected ? 2.5 : 1);
            Color stroke = isSelected ? Color.web("#0969da") : fill.darker().darker();
            if (b.status() == LayerRow.Status.UNKNOWN) {
                g.setLineDashes(4, 3);
            } else {
                g.setLineDashes();
            }
            // Front face, then top and side for depth (channels).
            g.setFill(fill);
            g.fillRect(left, top, w, h);
            g.setStroke(stroke);
            g.strokeRect(left, top, w, h);
            if (d > 0) {
                g.setFill(fill.brighter());
                g.fillPolygon(new double[]{left, left + d, left + d + w, left + w},
                        new double[]{top, top - d * 0.6, top - d * 0.6, top}, 4);
                g.strokePolygon(new double[]{left, left + d, left + d + w, left + w},
                        new double[]{top, top - d * 0.6, top - d * 0.6, top}, 4);
                g.setFill(fill.darker());
                g.fillPolygon(new double[]{left + w, left + w + d, left + w + d, left + w},
                        new double[]{top, top - d * 0.6, baseline - d * 0.6, baseline}, 4);
                g.strokePolygon(new double[]{left + w, left + w + d, left + w + d, left + w},
                        new double[]{top, top - d * 0.6, baseline - d * 0.6, baseline}, 4);
            }
            g.setLineDashes();
            g.setFill(Color.web("#24292f"));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            g.setFont(Font.font("System", FontWeight.BOLD, 11));
            g.fillText(b.kind(), cx, baseline + 6);
            g.setFont(Font.font("Monospaced", 11));
            g.setFill(b.status() == LayerRow.Status.ERROR ? Color.web("#cf222e") : Color.web("#57606a"));
            g.fillText(label(b), cx, baseline + 22);
            if (i + 1 < blocks.size()) {
                double ax = geo[0] + geo[4] + 4;
                double ay = baseline - 20;
                g.setStroke(Color.web("#8c959f"));
                g.setLineWidth(1.2);
                g.strokeLine(ax, ay, ax + GAP - 8, ay);
                g.strokeLine(ax + GAP - 8, ay, ax + GAP - 13, ay - 4);
                g.strokeLine(ax + GAP - 8, ay, ax + GAP - 13, ay + 4);
            }
            hits.add(new double[]{geo[0], geo[0] + geo[4], b.first()});
        }
    }

    private static String label(Block b) {
        return switch (b.status()) {
            case OK -> b.shape().toString();
            case ERROR -> "✗";
            case UNKNOWN -> "?";
        };
    }

    private static Color colour(Block b) {
        if (b.status() == LayerRow.Status.ERROR) {
            return Color.web("#ffb3b8");
        }
        if (b.status() == LayerRow.Status.UNKNOWN) {
            return Color.web("#eaeef2");
        }
        if (b.first() < 0) {
            return Color.web("#d0d7de");
        }
        return switch (LayerKinds.groupOf(b.kind())) {
            case CONV -> Color.web("#9ecbff");
            case POOL -> Color.web("#ffd8a8");
            case DENSE -> Color.web("#b4e5a3");
            case RESHAPE -> Color.web("#d8c4f5");
            default -> Color.web("#e1e4e8");
        };
    }
}
