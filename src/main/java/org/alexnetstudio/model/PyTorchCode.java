package org.alexnetstudio.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes a network in the book's PyTorch form:
 * <pre>
 * net = nn.Sequential(
 *     nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1), nn.ReLU(),
 *     nn.MaxPool2d(kernel_size=3, stride=2),
 *     ...
 *     nn.Linear(4096, 10))
 * </pre>
 * The parser takes the book's text as it is: {@code import} lines, comments, positional and keyword
 * arguments, {@code 3} or {@code (3, 3)}, integer arithmetic such as {@code 16 * 5 * 5}, trailing
 * commas, {@code nn.}/{@code torch.nn.} or no prefix, and the {@code Lazy} variants. Explicit
 * in-channels and in-features are checked against the inferred ones: a mismatch is an error at the
 * argument, because the spec never stores them.
 */
public final class PyTorchCode {

    private PyTorchCode() {
    }

    // ------------------------------------------------------------------ printing

    /** The {@code net = nn.Sequential(...)} source, in-channels and in-features filled in where known. */
    public static String print(NetworkSpec spec) {
        NetworkAnalysis analysis = spec.analyze();
        List<LayerSpec> layers = spec.layers();
        if (layers.isEmpty()) {
            return "net = nn.Sequential()\n";
        }
        StringBuilder out = new StringBuilder("net = nn.Sequential(\n    ");
        for (int i = 0; i < layers.size(); i++) {
            out.append(layerSource(layers.get(i), analysis.layers().get(i).input()));
            if (i == layers.size() - 1) {
                out.append(")\n");
            } else if (isActivation(layers.get(i + 1)) && !isActivation(layers.get(i))) {
                // The book writes an activation on the line of the layer it follows.
                out.append(", ");
            } else {
                out.append(",\n    ");
            }
        }
        return out.toString();
    }

    private static boolean isActivation(LayerSpec layer) {
        return layer instanceof ReLU || layer instanceof Sigmoid || layer instanceof Tanh;
    }

    /** One layer as a PyTorch constructor call; {@code input} null when unknown. */
    static String layerSource(LayerSpec layer, Shape input) {
        return layer.accept(new Source(input));
    }

    /** Each kind as PyTorch source (a visitor: a new kind without its source does not compile). */
    private record Source(Shape input) implements LayerSpec.Visitor<String> {

        private boolean spatialIn() {
            return input != null && input.isSpatial();
        }

        private boolean flatIn() {
            return input != null && !input.isSpatial();
        }

        @Override
        public String visit(Conv2d c) {
            String window = "kernel_size=" + Pair.of(c.kernelH(), c.kernelW())
                    + Pair.optional("stride", c.strideH(), c.strideW(), 1)
                    + Pair.optional("padding", c.paddingH(), c.paddingW(), 0) + ")";
            return spatialIn()
                    ? "nn.Conv2d(" + input.channels() + ", " + c.outChannels() + ", " + window
                    : "nn.LazyConv2d(" + c.outChannels() + ", " + window;
        }

        @Override
        public String visit(MaxPool2d p) {
            return "nn.MaxPool2d(" + poolArgs(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                    p.paddingH(), p.paddingW()) + ")";
        }

        @Override
        public String visit(AvgPool2d p) {
            return "nn.AvgPool2d(" + poolArgs(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                    p.paddingH(), p.paddingW()) + ")";
        }

        @Override
        public String visit(ReLU layer) {
            return "nn.ReLU()";
        }

        @Override
        public String visit(Sigmoid layer) {
            return "nn.Sigmoid()";
        }

        @Override
        public String visit(Tanh layer) {
            return "nn.Tanh()";
        }

        @Override
        public String visit(Flatten layer) {
            return "nn.Flatten()";
        }

        @Override
        public String visit(Linear l) {
            return flatIn()
                    ? "nn.Linear(" + input.features() + ", " + l.outFeatures() + ")"
                    : "nn.LazyLinear(" + l.outFeatures() + ")";
        }

        @Override
        public String visit(Dropout d) {
            return "nn.Dropout(p=" + pyFloat(d.p()) + ")";
        }

        @Override
        public String visit(LocalResponseNorm n) {
            return "nn.LocalResponseNorm(size=" + n.size() + ", alpha=" + pyFloat(n.alpha())
                    + ", beta=" + pyFloat(n.beta()) + ", k=" + pyFloat(n.k()) + ")";
        }

        @Override
        public String visit(BatchNorm2d b) {
            List<String> args = new ArrayList<>();
            if (spatialIn()) {
                args.add(String.valueOf(input.channels()));
            }
            if (Double.compare(b.eps(), 1e-5) != 0) {
                args.add("eps=" + pyFloat(b.eps()));
            }
            if (Double.compare(b.momentum(), 0.1) != 0) {
                args.add("momentum=" + pyFloat(b.momentum()));
            }
            return (spatialIn() ? "nn.BatchNorm2d(" : "nn.LazyBatchNorm2d(") + String.join(", ", args) + ")";
        }
    }

    private static String poolArgs(int kh, int kw, int sh, int sw, int ph, int pw) {
        // Always with the stride, as the book writes pooling layers.
        return "kernel_size=" + Pair.of(kh, kw) + ", stride=" + Pair.of(sh, sw) + Pair.optional("padding", ph, pw, 0);
    }

    /** A double as Python's repr writes it ({@code 0.5}, {@code 0.0001}, {@code 1e-05}). */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "float('nan')";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "float('inf')" : "-float('inf')";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = exact.precision() - exact.scale() - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Reads an {@code nn.Sequential(...)} listing for inputs of shape {@code input}.
     *
     * @throws PyTorchParseException with line and column for unknown layers or arguments, syntax the
     *         reader does not understand, values of the wrong type, or an explicit in-channels /
     *         in-features that differs from the inferred one
     */
    public static NetworkSpec parse(String source, Shape input) throws PyTorchParseException {
        Objects.requireNonNull(input, "input");
        Parser parser = new Parser(new Lexer(source == null ? "" : source).tokens());
        List<ParsedLayer> parsed = parser.file();
        List<LayerSpec> layers = new ArrayList<>();
        for (ParsedLayer p : parsed) {
            layers.add(p.layer());
        }
        NetworkSpec spec = new NetworkSpec(input, layers);
        checkInferredSizes(spec.analyze(), parsed);
        return spec;
    }

    /** Square input sizes people write code for, preferred when several sizes fit. */
    private static final int[] COMMON_SIZES = {28, 32, 64, 96, 112, 128, 224, 227, 256, 299};
    /** The largest input side tried when solving for the input a listing expects. */
    static final int LARGEST_SIDE = 1024;

    /**
     * The input a listing was written for, when its explicit in-channels and in-features do not fit
     * {@code current}: square sizes up to {@value #LARGEST_SIDE} (with the first conv's in-channels)
     * for which every declared size matches and every shape is known. Of several, a common size
     * (224, 227, 28, …) nearest to the current one, else the nearest. Empty when the code already
     * fits {@code current}, cannot be read at all, or no size fits.
     */
    public static java.util.Optional<Shape> fittingInput(String source, Shape current) {
        List<ParsedLayer> parsed;
        try {
            parsed = new Parser(new Lexer(source == null ? "" : source).tokens()).file();
        } catch (PyTorchParseException e) {
            return java.util.Optional.empty();
        }
        List<LayerSpec> layers = parsed.stream().map(ParsedLayer::layer).toList();
        if (fits(new NetworkSpec(current, layers), parsed)) {
            return java.util.Optional.empty();
        }
        int channels = current.isSpatial() ? current.channels() : 1;
        for (ParsedLayer p : parsed) {
            if (p.declaredIn() != null && (p.layer() instanceof Conv2d || p.layer() instanceof BatchNorm2d)) {
                channels = (int) Math.min(Integer.MAX_VALUE, (Long) p.declaredIn().value());
                break;
            }
        }
        int here = current.isSpatial() ? current.height() : 224;
        Shape best = null;
        boolean bestCommon = false;
        for (int side = 1; side <= LARGEST_SIDE; side++) {
            Shape candidate = Shape.chw(channels, side, side);
            if (!fits(new NetworkSpec(candidate, layers), parsed)) {
                continue;
            }
            final int n = side;
            boolean common = java.util.Arrays.stream(COMMON_SIZES).anyMatch(c -> c == n);
            boolean better = best == null || (common && !bestCommon)
                    || (common == bestCommon && Math.abs(side - here) < Math.abs(best.height() - here));
            if (better) {
                best = candidate;
                bestCommon = common;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private static boolean fits(NetworkSpec spec, List<ParsedLayer> parsed) {
        NetworkAnalysis a = spec.analyze();
        if (!a.isValid()) {
            return false;
        }
        try {
            checkInferredSizes(a, parsed);
            return true;
        } catch (PyTorchParseException e) {
            return false;
        }
    }

    private static void checkInferredSizes(NetworkAnalysis analysis, List<ParsedLayer> parsed)
            throws PyTorchParseException {
        for (int i = 0; i < parsed.size(); i++) {
            ParsedLayer p = parsed.get(i);
            Shape in = analysis.layers().get(i).input();
            if (p.declaredIn() == null || in == null) {
                continue; // Lazy layer, or the shape is unknown after an earlier error.
            }
            long declared = (Long) p.declaredIn().value();
            Token at = p.declaredIn().at();
            if (p.layer() instanceof Linear l && !in.isSpatial() && declared != in.features()) {
                throw new PyTorchParseException(at.line, at.column, "parse.inFeaturesMismatch",
                        declared, in.features(), l.outFeatures(), i);
            }
            if (p.layer() instanceof Conv2d c && in.isSpatial() && declared != in.channels()) {
                throw new PyTorchParseException(at.line, at.column, "parse.inChannelsMismatch",
                        declared, in.channels(), in.toString(), c.outChannels(), i);
            }
            if (p.layer() instanceof BatchNorm2d && in.isSpatial() && declared != in.channels()) {
                throw new PyTorchParseException(at.line, at.column, "parse.numFeaturesMismatch",
                        declared, in.channels(), in.toString(), i);
            }
        }
    }

    /** A parsed layer and, for layers that name their input size, the value and where it was written. */
    private record ParsedLayer(LayerSpec layer, Val declaredIn) {
    }

    private enum T { NAME, INT, FLOAT, STRING, OP, EOF }

    private static final class Token {
        final T type;
        final String text;
        final int line;
        final int column;

        Token(T type, String text, int line, int column) {
            this.type = type;
            this.text = text;
            this.line = line;
            this.column = column;
        }

        boolean is(String op) {
            return type == T.OP && text.equals(op);
        }

        boolean isName(String name) {
            return type == T.NAME && text.equals(name);
        }

        String describe() {
            return switch (type) {
                case EOF -> Messages.format("parse.endOfText");
                case STRING -> text;
                default -> "'" + text + "'";
            };
        }
    }

    private static final class Lexer {
        private final String src;
        private int pos;
        private int line = 1;
        private int lineStart;

        Lexer(String src) {
            this.src = src;
        }

        List<Token> tokens() throws PyTorchParseException {
            List<Token> out = new ArrayList<>();
            while (true) {
                skipBlank();
                int col = pos - lineStart + 1;
                if (pos >= src.length()) {
                    out.add(new Token(T.EOF, "", line, col));
                    return out;
                }
                char c = src.charAt(pos);
                if (Character.isLetter(c) || c == '_') {
                    int start = pos;
                    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                        pos++;
                    }
                    out.add(new Token(T.NAME, src.substring(start, pos), line, col));
                } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length()
                        && Character.isDigit(src.charAt(pos + 1)))) {
                    out.add(number(col));
                } else if (c == '\'' || c == '"') {
                    out.add(string(c, col));
                } else if (src.startsWith("//", pos) || src.startsWith("**", pos)) {
                    out.add(new Token(T.OP, src.substring(pos, pos + 2), line, col));
                    pos += 2;
                } else if ("()[],=.*+-/:".indexOf(c) >= 0) {
                    out.add(new Token(T.OP, String.valueOf(c), line, col));
                    pos++;
                } else {
                    throw new PyTorchParseException(line, col, "parse.unexpectedChar",
                            new String(Character.toChars(src.codePointAt(pos))));
                }
            }
        }

        private void skipBlank() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == '\n') {
                    pos++;
                    line++;
                    lineStart = pos;
                } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\\' || c == '\uFEFF') {
                    pos++;
                } else if (c == '#') {
                    while (pos < src.length() && src.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private Token number(int col) {
            int start = pos;
            boolean isFloat = false;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            if (pos < src.length() && src.charAt(pos) == '.') {
                isFloat = true;
                pos++;
                while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
            }
            if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    isFloat = true;
                    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save;
                }
            }
            return new Token(isFloat ? T.FLOAT : T.INT, src.substring(start, pos).replace("_", ""), line, col);
        }

        private Token string(char quote, int col) throws PyTorchParseException {
            int start = pos;
            pos++;
            while (pos < src.length() && src.charAt(pos) != quote && src.charAt(pos) != '\n') {
                pos++;
            }
            if (pos >= src.length() || src.charAt(pos) != quote) {
                throw new PyTorchParseException(line, col, "parse.unterminatedString");
            }
            pos++;
            return new Token(T.STRING, src.substring(start, pos), line, col);
        }
    }

    /** A value written in the source with where it starts. Ints are Long, tuples List&lt;Val&gt;. */
    private record Val(Object value, Token at) {
        static final Object NONE = new Object() {
            @Override
            public String toString() {
                return "None";
            }
        };

        String repr() {
            return repr(value);
        }

        static String repr(Object v) {
            if (v instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (v instanceof Double d) {
                return pyFloat(d);
            }
            if (v instanceof String s) {
                return "'" + s + "'";
            }
            if (v instanceof List<?> list) {
                List<String> parts = new ArrayList<>();
                for (Object o : list) {
                    parts.add(((Val) o).repr());
                }
                return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
            }
            return String.valueOf(v);
        }
    }

    /** One constructor parameter: its name, PyTorch's default, and whether only the default is supported. */
    private record Param(String name, Object dflt, boolean required, boolean fixed) {
        static Param req(String name) {
            return new Param(name, null, true, false);
        }

        static Param opt(String name, Object dflt) {
            return new Param(name, dflt, false, false);
        }

        static Param fixed(String name, Object dflt) {
            return new Param(name, dflt, false, true);
        }
    }

    private static final Param[] CONV_TAIL = {Param.opt("stride", 1L), Param.opt("padding", 0L),
        Param.fixed("dilation", 1L), Param.fixed("groups", 1L), Param.fixed("bias", true),
        Param.fixed("padding_mode", "zeros")};

    private static final Map<String, List<Param>> SIGNATURES = new LinkedHashMap<>();

    static {
        List<Param> conv = new ArrayList<>(List.of(Param.req("in_channels"), Param.req("out_channels"),
                Param.req("kernel_size")));
        conv.addAll(List.of(CONV_TAIL));
        SIGNATURES.put("Conv2d", conv);
        List<Param> lazyConv = new ArrayList<>(List.of(Param.req("out_channels"), Param.req("kernel_size")));
        lazyConv.addAll(List.of(CONV_TAIL));
        SIGNATURES.put("LazyConv2d", lazyConv);
        SIGNATURES.put("MaxPool2d", List.of(Param.req("kernel_size"), Param.opt("stride", Val.NONE),
                Param.opt("padding", 0L), Param.fixed("dilation", 1L), Param.fixed("return_indices", false),
                Param.fixed("ceil_mode", false)));
        SIGNATURES.put("AvgPool2d", List.of(Param.req("kernel_size"), Param.opt("stride", Val.NONE),
                Param.opt("padding", 0L), Param.fixed("ceil_mode", false), Param.fixed("count_include_pad", true),
                Param.fixed("divisor_override", Val.NONE)));
        SIGNATURES.put("ReLU", List.of(Param.opt("inplace", false)));
        SIGNATURES.put("Sigmoid", List.of());
        SIGNATURES.put("Tanh", List.of());
        SIGNATURES.put("Flatten", List.of(Param.fixed("start_dim", 1L), Param.fixed("end_dim", -1L)));
        SIGNATURES.put("Linear", List.of(Param.req("in_features"), Param.req("out_features"),
                Param.fixed("bias", true)));
        SIGNATURES.put("LazyLinear", List.of(Param.req("out_features"), Param.fixed("bias", true)));
        SIGNATURES.put("Dropout", List.of(Param.opt("p", 0.5), Param.opt("inplace", false)));
        SIGNATURES.put("LocalResponseNorm", List.of(Param.req("size"), Param.opt("alpha", 1e-4),
                Param.opt("beta", 0.75), Param.opt("k", 1.0)));
        SIGNATURES.put("BatchNorm2d", List.of(Param.req("num_features"), Param.opt("eps", 1e-5),
                Param.opt("momentum", 0.1), Param.fixed("affine", true), Param.fixed("track_running_stats", true)));
        SIGNATURES.put("LazyBatchNorm2d", List.of(Param.opt("eps", 1e-5), Param.opt("momentum", 0.1),
                Param.fixed("affine", true), Param.fixed("track_running_stats", true)));
    }

    private static final Set<String> MODULE_PREFIXES = Set.of("", "nn", "torch.nn");

    private static final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        private Token peek() {
            return tokens.get(pos);
        }

        private Token peek(int ahead) {
            return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
        }

        private Token next() {
            Token t = tokens.get(pos);
            if (t.type != T.EOF) {
                pos++;
            }
            return t;
        }

        private Token expect(String op) throws PyTorchParseException {
            Token t = peek();
            if (!t.is(op)) {
                throw new PyTorchParseException(t.line, t.column, "parse.expected", "'" + op + "'", t.describe());
            }
            return next();
        }

        private Token expectName() throws PyTorchParseException {
            Token t = peek();
            if (t.type != T.NAME) {
                throw new PyTorchParseException(t.line, t.column, "parse.expected", "a name", t.describe());
            }
            return next();
        }

        List<ParsedLayer> file() throws PyTorchParseException {
            while (peek().isName("import") || peek().isName("from")) {
                importStatement();
            }
            Token start = peek();
            if (start.type != T.NAME) {
                throw new PyTorchParseException(start.line, start.column, "parse.expectedSequential", start.describe());
            }
            String name = dottedName();
            if (peek().is("=")) {
                next(); // `net = ...` or `self.net = ...`: the target's name does not matter.
                start = peek();
                if (start.type != T.NAME) {
                    throw new PyTorchParseException(start.line, start.column, "parse.expectedSequential",
                            start.describe());
                }
                name = dottedName();
            }
            if (!name.equals("Sequential") && !name.equals("nn.Sequential") && !name.equals("torch.nn.Sequential")) {
                throw new PyTorchParseException(start.line, start.column, "parse.expectedSequential", "'" + name + "'");
            }
            expect("(");
            List<ParsedLayer> layers = new ArrayList<>();
            while (!peek().is(")")) {
                layers.add(layer());
                if (!peek().is(")")) {
                    Token t = peek();
                    if (!t.is(",")) {
                        throw new PyTorchParseException(t.line, t.column, "parse.expected", "',' or ')'", t.describe());
                    }
                    next();
                }
            }
            expect(")");
            Token rest = peek();
            if (rest.type != T.EOF) {
                throw new PyTorchParseException(rest.line, rest.column, "parse.trailing", rest.describe());
            }
            return layers;
        }

        private void importStatement() throws PyTorchParseException {
            if (next().text.equals("from")) {
                dottedName();
                Token imp = peek();
                if (!imp.isName("import")) {
                    throw new PyTorchParseException(imp.line, imp.column, "parse.expected", "'import'", imp.describe());
                }
                next();
            }
            do {
                if (peek().is(",")) {
                    next();
                }
                dottedName();
                if (peek().isName("as")) {
                    next();
                    expectName();
                }
            } while (peek().is(","));
        }

        private String dottedName() throws PyTorchParseException {
            StringBuilder name = new StringBuilder(expectName().text);
            while (peek().is(".")) {
                next();
                name.append('.').append(expectName().text);
            }
            return name.toString();
        }

        private ParsedLayer layer() throws PyTorchParseException {
            Token start = peek();
            if (start.type != T.NAME) {
                throw new PyTorchParseException(start.line, start.column, "parse.expectedLayer", start.describe());
            }
            String full = dottedName();
            int dot = full.lastIndexOf('.');
            String prefix = dot < 0 ? "" : full.substring(0, dot);
            String kind = full.substring(dot + 1);
            if (!MODULE_PREFIXES.contains(prefix)) {
                throw new PyTorchParseException(start.line, start.column, "parse.unknownModule", full, kind);
            }
            List<Param> params = SIGNATURES.get(kind);
            if (params == null) {
                throw new PyTorchParseException(start.line, start.column, "parse.unknownLayer", full,
                        String.join(", ", SIGNATURES.keySet()));
            }
            Token open = peek();
            if (!open.is("(")) {
                throw new PyTorchParseException(open.line, open.column, "parse.expected", "'('", open.describe());
            }
            next();
            Map<String, Val> args = arguments(kind, params);
            Token close = expect(")");
            return build(kind, params, args, start, close);
        }

        private Map<String, Val> arguments(String kind, List<Param> params) throws PyTorchParseException {
            Map<String, Val> args = new LinkedHashMap<>();
            int positional = 0;
            boolean sawKeyword = false;
            while (!peek().is(")")) {
                Token at = peek();
                if (at.type == T.NAME && peek(1).is("=")) {
                    next();
                    next();
                    sawKeyword = true;
                    Param p = params.stream().filter(q -> q.name().equals(at.text)).findFirst().orElse(null);
                    if (p == null) {
                        throw new PyTorchParseException(at.line, at.column, "parse.unknownArgument", kind, at.text,
                                names(params));
                    }
                    if (args.containsKey(at.text)) {
                        throw new PyTorchParseException(at.line, at.column, "parse.duplicateArgument", kind, at.text);
                    }
                    args.put(at.text, value());
                } else {
                    if (sawKeyword) {
                        throw new PyTorchParseException(at.line, at.column, "parse.positionalAfterKeyword");
                    }
                    if (positional >= params.size()) {
                        throw new PyTorchParseException(at.line, at.column, "parse.tooManyArguments", kind,
                                params.size(), positional + 1);
                    }
                    args.put(params.get(positional++).name(), value());
                }
                if (!peek().is(")")) {
                    Token t = peek();
                    if (!t.is(",")) {
                        throw new PyTorchParseException(t.line, t.column, "parse.expected", "',' or ')'", t.describe());
                    }
                    next();
                }
            }
            return args;
        }

        private static String names(List<Param> params) {
            List<String> names = new ArrayList<>();
            for (Param p : params) {
                names.add(p.name());
            }
            return names.isEmpty() ? "()" : String.join(", ", names);
        }

        // --- values: Python-like integer/float arithmetic, tuples, True/False/None, strings

        private Val value() throws PyTorchParseException {
            return sum();
        }

        private Val sum() throws PyTorchParseException {
            Val left = product();
            while (peek().is("+") || peek().is("-")) {
                Token op = next();
                left = arithmetic(op, left, product());
            }
            return left;
        }

        private Val product() throws PyTorchParseException {
            Val left = unary();
            while (peek().is("*") || peek().is("//") || peek().is("/")) {
                Token op = next();
                left = arithmetic(op, left, unary());
            }
            return left;
        }

        private Val unary() throws PyTorchParseException {
            if (peek().is("-") || peek().is("+")) {
                Token op = next();
                Val v = unary();
                if (op.text.equals("+")) {
                    return new Val(v.value(), op);
                }
                return arithmetic(op, new Val(0L, op), v);
            }
            return atom();
        }

        private Val arithmetic(Token op, Val a, Val b) throws PyTorchParseException {
            Object x = a.value();
            Object y = b.value();
            if (!(x instanceof Long || x instanceof Double) || !(y instanceof Long || y instanceof Double)) {
                Val bad = x instanceof Long || x instanceof Double ? b : a;
                throw new PyTorchParseException(bad.at().line, bad.at().column, "parse.expectedNumberIn",
                        op.text, bad.repr());
            }
            if (x instanceof Long i && y instanceof Long j && !op.text.equals("/")) {
                try {
                    long r = switch (op.text) {
                        case "+" -> Math.addExact(i, j);
                        case "-" -> Math.subtractExact(i, j);
                        case "*" -> Math.multiplyExact(i, j);
                        default -> {
                            if (j == 0) {
                                throw new PyTorchParseException(op.line, op.column, "parse.divisionByZero");
                            }
                            yield Math.floorDiv(i, j);
                        }
                    };
                    return new Val(r, a.at());
                } catch (ArithmeticException e) {
                    throw new PyTorchParseException(op.line, op.column, "parse.numberTooLarge", a.repr() + " "
                            + op.text + " " + b.repr());
                }
            }
            double dx = ((Number) x).doubleValue();
            double dy = ((Number) y).doubleValue();
            if ((op.text.equals("/") || op.text.equals("//")) && dy == 0) {
                throw new PyTorchParseException(op.line, op.column, "parse.divisionByZero");
            }
            double r = switch (op.text) {
                case "+" -> dx + dy;
                case "-" -> dx - dy;
                case "*" -> dx * dy;
                case "/" -> dx / dy;
                default -> Math.floor(dx / dy);
            };
            return new Val(r, a.at());
        }

        private Val atom() throws PyTorchParseException {
            Token t = peek();
            switch (t.type) {
                case INT -> {
                    next();
                    try {
                        return new Val(Long.parseLong(t.text), t);
                    } catch (NumberFormatException e) {
                        throw new PyTorchParseException(t.line, t.column, "parse.numberTooLarge", t.text);
                    }
                }
                case FLOAT -> {
                    next();
                    return new Val(Double.parseDouble(t.text), t);
                }
                case STRING -> {
                    next();
                    return new Val(t.text.substring(1, t.text.length() - 1), t);
                }
                case NAME -> {
                    if (t.text.equals("True") || t.text.equals("False")) {
                        next();
                        return new Val(t.text.equals("True"), t);
                    }
                    if (t.text.equals("None")) {
                        next();
                        return new Val(Val.NONE, t);
                    }
                    if (t.text.equals("float") && peek(1).is("(") && peek(2).type == T.STRING && peek(3).is(")")) {
                        next();
                        next();
                        Token s = next();
                        next();
                        String word = s.text.substring(1, s.text.length() - 1).trim().toLowerCase(java.util.Locale.ROOT);
                        return switch (word) {
                            case "nan" -> new Val(Double.NaN, t);
                            case "inf", "infinity" -> new Val(Double.POSITIVE_INFINITY, t);
                            case "-inf", "-infinity" -> new Val(Double.NEGATIVE_INFINITY, t);
                            default -> throw new PyTorchParseException(s.line, s.column, "parse.expectedValue",
                                    s.describe());
                        };
                    }
                    throw new PyTorchParseException(t.line, t.column, "parse.unknownName", t.text);
                }
                case OP -> {
                    if (t.is("(") || t.is("[")) {
                        next();
                        String close = t.is("(") ? ")" : "]";
                        List<Val> items = new ArrayList<>();
                        boolean comma = false;
                        while (!peek().is(close)) {
                            items.add(value());
                            if (peek().is(",")) {
                                next();
                                comma = true;
                            } else if (!peek().is(close)) {
                                Token u = peek();
                                throw new PyTorchParseException(u.line, u.column, "parse.expected",
                                        "',' or '" + close + "'", u.describe());
                            }
                        }
                        next();
                        if (close.equals(")") && items.size() == 1 && !comma) {
                            return new Val(items.get(0).value(), t); // (16 * 5) is a parenthesised number
                        }
                        return new Val(List.copyOf(items), t);
                    }
                    throw new PyTorchParseException(t.line, t.column, "parse.expectedValue", t.describe());
                }
                default -> throw new PyTorchParseException(t.line, t.column, "parse.expectedValue", t.describe());
            }
        }

        // --- building specs from bound arguments

        private ParsedLayer build(String kind, List<Param> params, Map<String, Val> args, Token start, Token close)
                throws PyTorchParseException {
            for (Param p : params) {
                if (p.required() && !args.containsKey(p.name())) {
                    throw new PyTorchParseException(close.line, close.column, "parse.missingArgument", kind, p.name());
                }
                Val v = args.get(p.name());
                if (p.fixed() && v != null && !sameValue(v.value(), p.dflt())) {
                    throw new PyTorchParseException(v.at().line, v.at().column, "parse.unsupportedValue",
                            p.name(), v.repr(), Val.repr(p.dflt()));
                }
            }
            Map<String, Val> a = new LinkedHashMap<>(args);
            for (Param p : params) {
                if (!a.containsKey(p.name()) && !p.required()) {
                    a.put(p.name(), new Val(p.dflt(), close));
                }
            }
            return switch (kind) {
                case "Conv2d", "LazyConv2d" -> {
                    int out = toInt(a.get("out_channels"), "out_channels");
                    int[] k = toPair(a.get("kernel_size"), "kernel_size");
                    int[] s = toPair(a.get("stride"), "stride");
                    int[] p = padding(a.get("padding"), k, s);
                    Val in = kind.equals("Conv2d") ? checkedIn(a.get("in_channels"), "in_channels") : null;
                    yield new ParsedLayer(new Conv2d(out, k[0], k[1], s[0], s[1], p[0], p[1]), in);
                }
                case "MaxPool2d", "AvgPool2d" -> {
                    int[] k = toPair(a.get("kernel_size"), "kernel_size");
                    Val sv = a.get("stride");
                    int[] s = sv.value() == Val.NONE ? k : toPair(sv, "stride"); // PyTorch: stride defaults to kernel
                    int[] p = toPair(a.get("padding"), "padding");
                    LayerSpec layer = kind.equals("MaxPool2d")
                            ? new MaxPool2d(k[0], k[1], s[0], s[1], p[0], p[1])
                            : new AvgPool2d(k[0], k[1], s[0], s[1], p[0], p[1]);
                    yield new ParsedLayer(layer, null);
                }
                case "ReLU" -> {
                    toBool(a.get("inplace"), "inplace");
                    yield new ParsedLayer(new ReLU(), null);
                }
                case "Sigmoid" -> new ParsedLayer(new Sigmoid(), null);
                case "Tanh" -> new ParsedLayer(new Tanh(), null);
                case "Flatten" -> new ParsedLayer(new Flatten(), null);
                case "Linear", "LazyLinear" -> {
                    int out = toInt(a.get("out_features"), "out_features");
                    Val in = kind.equals("Linear") ? checkedIn(a.get("in_features"), "in_features") : null;
                    yield new ParsedLayer(new Linear(out), in);
                }
                case "Dropout" -> {
                    toBool(a.get("inplace"), "inplace");
                    yield new ParsedLayer(new Dropout(toDouble(a.get("p"), "p")), null);
                }
                case "LocalResponseNorm" -> new ParsedLayer(new LocalResponseNorm(toInt(a.get("size"), "size"),
                        toDouble(a.get("alpha"), "alpha"), toDouble(a.get("beta"), "beta"),
                        toDouble(a.get("k"), "k")), null);
                case "BatchNorm2d", "LazyBatchNorm2d" -> {
                    Val in = kind.equals("BatchNorm2d") ? checkedIn(a.get("num_features"), "num_features") : null;
                    yield new ParsedLayer(new BatchNorm2d(toDouble(a.get("eps"), "eps"),
                            toDouble(a.get("momentum"), "momentum")), in);
                }
                default -> throw new PyTorchParseException(start.line, start.column, "parse.unknownLayer", kind,
                        String.join(", ", SIGNATURES.keySet()));
            };
        }

        private static boolean sameValue(Object given, Object dflt) {
            if (given instanceof List<?> list && dflt instanceof Long d) {
                // dilation=(1, 1) is the same as dilation=1
                return list.size() == 2 && list.stream().allMatch(v -> d.equals(((Val) v).value()));
            }
            if (given instanceof Double g && dflt instanceof Long d) {
                return g == d.doubleValue();
            }
            return Objects.equals(given, dflt);
        }

        private Val checkedIn(Val v, String name) throws PyTorchParseException {
            toInt(v, name);
            return new Val((long) toInt(v, name), v.at());
        }

        private static int toInt(Val v, String name) throws PyTorchParseException {
            if (v.value() instanceof Long n) {
                if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    throw new PyTorchParseException(v.at().line, v.at().column, "parse.numberTooLarge", v.repr());
                }
                return n.intValue();
            }
            throw new PyTorchParseException(v.at().line, v.at().column, "parse.expectedInt", name, v.repr());
        }

        private static int[] toPair(Val v, String name) throws PyTorchParseException {
            if (v.value() instanceof Long) {
                int n = toInt(v, name);
                return new int[]{n, n};
            }
            if (v.value() instanceof List<?> list && list.size() == 2
                    && ((Val) list.get(0)).value() instanceof Long && ((Val) list.get(1)).value() instanceof Long) {
                return new int[]{toInt((Val) list.get(0), name), toInt((Val) list.get(1), name)};
            }
            throw new PyTorchParseException(v.at().line, v.at().column, "parse.expectedIntOrPair", name, v.repr());
        }

        private static int[] padding(Val v, int[] k, int[] s) throws PyTorchParseException {
            if (v.value() instanceof String word) {
                if (word.equals("valid")) {
                    return new int[]{0, 0};
                }
                if (word.equals("same")) {
                    // Symmetric zero padding keeps the size only at stride 1 with an odd kernel.
                    if (s[0] != 1 || s[1] != 1 || k[0] % 2 == 0 || k[1] % 2 == 0 || k[0] < 1 || k[1] < 1) {
                        throw new PyTorchParseException(v.at().line, v.at().column, "parse.samePadding",
                                Pair.of(k[0], k[1]), Pair.of(s[0], s[1]));
                    }
                    return new int[]{(k[0] - 1) / 2, (k[1] - 1) / 2};
                }
                throw new PyTorchParseException(v.at().line, v.at().column, "parse.badPaddingString", v.repr());
            }
            return toPair(v, "padding");
        }

        private static double toDouble(Val v, String name) throws PyTorchParseException {
            if (v.value() instanceof Long || v.value() instanceof Double) {
                return ((Number) v.value()).doubleValue();
            }
            throw new PyTorchParseException(v.at().line, v.at().column, "parse.expectedNumber", name, v.repr());
        }

        private static void toBool(Val v, String name) throws PyTorchParseException {
            if (!(v.value() instanceof Boolean)) {
                throw new PyTorchParseException(v.at().line, v.at().column, "parse.expectedBool", name, v.repr());
            }
        }
    }
}
