package org.alexnetstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FileErrors;
import org.alexnetstudio.model.Fix;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.Messages;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.PyTorchCode;
import org.alexnetstudio.model.PyTorchParseException;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.SpecFormatException;
import org.alexnetstudio.model.SpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shapes}: every layer's output shape, parameters and cost, or the errors that stop it. */
@Command(name = "shapes", mixinStandardHelpOptions = true,
        description = {"Infers every layer's output shape, parameters and multiply-accumulates.",
            "Exit status 2 when the network is invalid (the errors say why and how to fix it), 3 when its file cannot be read."})
public final class ShapesCommand implements Callable<Integer> {

    /** Exit status for an invalid network (also when its code or JSON has an error). */
    public static final int INVALID = ExitCode.USAGE;

    enum Format { table, torch, json, pytorch, spec }

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--preset", paramLabel = "ID",
            description = "A built-in network: alexnet, lenet, alexnet-2012, alexnet-mini (default: alexnet).")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE", description = "A network saved as JSON.")
    Path specFile;

    @Option(names = "--pytorch", paramLabel = "FILE", description = "An nn.Sequential(...) listing as in the book.")
    Path pytorchFile;

    @Option(names = "--input", paramLabel = "CxHxW", description = "Input shape of one example, e.g. 1x96x96.")
    String input;

    @Option(names = "--resize", paramLabel = "N", description = "Resize the input to N×N (the book's resize).")
    Integer resize;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), torch (the book's listing), json (the analysis), "
                    + "pytorch (nn.Sequential source) or spec (the JSON to save).")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        int sources = (preset != null ? 1 : 0) + (specFile != null ? 1 : 0) + (pytorchFile != null ? 1 : 0);
        if (sources > 1) {
            err.println("Give only one of --preset, --spec and --pytorch.");
            return INVALID;
        }
        Shape shape = null;
        if (input != null) {
            shape = Shape.parse(input);
            if (shape == null) {
                err.println("--input: expected CxHxW such as 1x224x224, got '" + input + "'");
                return INVALID;
            }
        }
        NetworkSpec spec;
        try {
            spec = load(shape);
        } catch (DataException e) {
            err.println(e.getMessage());
            return ExitCode.INPUT;
        } catch (PyTorchParseException | SpecFormatException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return INVALID;
        }
        if (spec == null) {
            return INVALID;
        }
        if (shape != null) {
            spec = spec.withInput(shape);
        }
        if (resize != null) {
            if (!spec.input().isSpatial()) {
                err.println("--resize needs a C×H×W input, got " + spec.input());
                return INVALID;
            }
            spec = spec.withResize(resize);
        }
        NetworkAnalysis analysis = spec.analyze();
        switch (format) {
            case torch -> printTorch(analysis, out);
            case json -> out.print(analysisJson(analysis));
            case pytorch -> out.print(PyTorchCode.print(spec));
            case spec -> out.print(SpecJson.toJson(spec));
            default -> printTable(analysis, out);
        }
        out.flush();
        if (!analysis.isValid()) {
            printErrors(analysis, err);
            return INVALID;
        }
        return 0;
    }

    private NetworkSpec load(Shape shape) throws DataException, PyTorchParseException, SpecFormatException {
        if (specFile != null) {
            return SpecJson.fromJson(FileErrors.readUtf8(specFile));
        }
        if (pytorchFile != null) {
            // The listing does not say its input size; the book's AlexNet takes 1×224×224.
            Shape in = shape != null ? shape
                    : Shape.chw(1, resize != null ? resize : 224, resize != null ? resize : 224);
            return PyTorchCode.parse(FileErrors.readUtf8(pytorchFile), in);
        }
        String id = preset == null ? "alexnet" : preset;
        return Presets.byId(id).map(Preset::spec).orElseGet(() -> {
            commandSpec.commandLine().getErr().println(Cli.unknownPreset(id));
            return null;
        });
    }

    /** The book's listing: {@code Conv2d output shape:\t torch.Size([1, 96, 54, 54])}, up to the first error. */
    static void printTorch(NetworkAnalysis analysis, PrintWriter out) {
        for (LayerReport r : analysis.layers()) {
            if (!r.known()) {
                break;
            }
            out.print(r.layer().kind() + " output shape:\t " + r.output().torchSize() + "\n");
        }
    }

    static void printTable(NetworkAnalysis analysis, PrintWriter out) {
        Locale locale = Locale.getDefault();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{msg(locale, "table.index"), msg(locale, "table.layer"), msg(locale, "table.output"),
            msg(locale, "table.parameters"), msg(locale, "table.macs")});
        rows.add(new String[]{"", msg(locale, "table.input"), analysis.spec().input().toString(), "", ""});
        for (LayerReport r : analysis.layers()) {
            String settings = r.layer().settings();
            String name = r.layer().kind() + (settings.isEmpty() ? "" : "(" + settings + ")");
            String shape = r.known() ? r.output().toString() : r.error() != null ? "✗" : msg(locale, "table.unknown");
            rows.add(new String[]{String.valueOf(r.index()), name, shape,
                r.known() ? String.format(locale, "%,d", r.parameters()) : "",
                r.known() ? String.format(locale, "%,d", r.macs()) : ""});
        }
        int[] width = new int[5];
        for (String[] row : rows) {
            for (int c = 0; c < 5; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            out.print(String.format("%" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %"
                    + width[3] + "s  %" + width[4] + "s", (Object[]) row).stripTrailing() + "\n");
        }
        if (analysis.isValid()) {
            out.print(Messages.format(locale, "table.totalParameters", analysis.totalParameters()) + "\n");
            out.print(Messages.format(locale, "table.weightMemory", analysis.weightMegabytes()) + "\n");
            out.print(Messages.format(locale, "table.totalMacs", analysis.totalMacs()) + "\n");
            out.print(Messages.format(locale, "table.activations", analysis.activationBytesPerExample() / 1e6) + "\n");
        }
    }

    static void printErrors(NetworkAnalysis analysis, PrintWriter err) {
        Locale locale = Locale.getDefault();
        err.println(msg(locale, "table.invalid"));
        for (String m : analysis.errorMessages(locale)) {
            err.println("  " + m);
        }
        analysis.firstError().ifPresent(r -> {
            for (Fix fix : r.error().fixes()) {
                err.println("  " + Messages.format(locale, "table.fix", fix.description(locale)));
            }
        });
        err.flush();
    }

    private static String msg(Locale locale, String key) {
        return Messages.format(locale, key);
    }

    static String analysisJson(NetworkAnalysis a) {
        StringBuilder s = new StringBuilder("{\n  \"input\": ").append(dims(a.spec().input()))
                .append(",\n  \"valid\": ").append(a.isValid()).append(",\n  \"layers\": [");
        for (LayerReport r : a.layers()) {
            s.append(r.index() == 0 ? "\n    " : ",\n    ")
                    .append("{\"index\": ").append(r.index())
                    .append(", \"layer\": ").append(quote(r.layer().kind()))
                    .append(", \"settings\": ").append(quote(r.layer().settings()))
                    .append(", \"output\": ").append(r.known() ? dims(r.output()) : "null")
                    .append(", \"parameters\": ").append(r.parameters())
                    .append(", \"macs\": ").append(r.macs())
                    .append(", \"error\": ").append(r.error() == null ? "null" : quote(r.error().message()))
                    .append('}');
        }
        s.append(a.layers().isEmpty() ? "]" : "\n  ]");
        s.append(",\n  \"totalParameters\": ").append(a.totalParameters())
                .append(",\n  \"weightBytes\": ").append(a.weightBytes())
                .append(",\n  \"totalMacs\": ").append(a.totalMacs())
                .append(",\n  \"activationBytesPerExample\": ").append(a.activationBytesPerExample())
                .append(",\n  \"errors\": [");
        List<String> errors = a.errorMessages();
        for (int i = 0; i < errors.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(quote(errors.get(i)));
        }
        return s.append("]\n}\n").toString();
    }

    private static String dims(Shape shape) {
        return shape.dims().toString();
    }

    private static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
