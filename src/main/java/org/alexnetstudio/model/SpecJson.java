package org.alexnetstudio.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves and loads a {@link NetworkSpec} as a small JSON file with a format version:
 * <pre>
 * {
 *   "format": "alexnet-studio.network",
 *   "version": 1,
 *   "input": [1, 224, 224],
 *   "layers": [
 *     {"type": "Conv2d", "outChannels": 96, "kernel": 11, "stride": 4, "padding": 1},
 *     {"type": "ReLU"},
 *     {"type": "MaxPool2d", "kernel": 3, "stride": 2, "padding": 0},
 *     ...
 *   ]
 * }
 * </pre>
 * {@code kernel}, {@code stride} and {@code padding} are a number or {@code [h, w]}. Any spec, even
 * one with shape errors, round-trips, so a half-finished network can be saved. The reader is
 * hand-written (the model is JDK only) and reports the field and line of anything it cannot use.
 */
public final class SpecJson {

    public static final String FORMAT = "alexnet-studio.network";
    public static final int VERSION = 1;

    private SpecJson() {
    }

    // ------------------------------------------------------------------ writing

    public static String toJson(NetworkSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"format\": \"").append(FORMAT).append("\",\n  \"version\": ").append(VERSION)
                .append(",\n  \"input\": [");
        List<Integer> dims = spec.input().dims();
        for (int i = 0; i < dims.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(dims.get(i));
        }
        out.append("],\n  \"layers\": [");
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            out.append(i == 0 ? "\n    " : ",\n    ").append(layerJson(layers.get(i)));
        }
        out.append(layers.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return out.toString();
    }

    private static String layerJson(LayerSpec layer) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("type", quote(layer.kind()));
        layer.accept(new Fields(f));
        StringBuilder out = new StringBuilder("{");
        f.forEach((k, v) -> out.append(out.length() == 1 ? "" : ", ").append(quote(k)).append(": ").append(v));
        return out.append('}').toString();
    }

    /** Each kind's settings as JSON fields (a visitor: a new kind without fields does not compile). */
    private record Fields(Map<String, String> f) implements LayerSpec.Visitor<Void> {
        @Override
        public Void visit(Conv2d c) {
            f.put("outChannels", String.valueOf(c.outChannels()));
            f.put("kernel", pair(c.kernelH(), c.kernelW()));
            f.put("stride", pair(c.strideH(), c.strideW()));
            f.put("padding", pair(c.paddingH(), c.paddingW()));
            return null;
        }

        @Override
        public Void visit(MaxPool2d p) {
            f.put("kernel", pair(p.kernelH(), p.kernelW()));
            f.put("stride", pair(p.strideH(), p.strideW()));
            f.put("padding", pair(p.paddingH(), p.paddingW()));
            return null;
        }

        @Override
        public Void visit(AvgPool2d p) {
            f.put("kernel", pair(p.kernelH(), p.kernelW()));
            f.put("stride", pair(p.strideH(), p.strideW()));
            f.put("padding", pair(p.paddingH(), p.paddingW()));
            return null;
        }

        @Override
        public Void visit(ReLU layer) {
            return null;
        }

        @Override
        public Void visit(Sigmoid layer) {
            return null;
        }

        @Override
        public Void visit(Tanh layer) {
            return null;
        }

        @Override
        public Void visit(Flatten layer) {
            return null;
        }

        @Override
        public Void visit(Linear l) {
            f.put("outFeatures", String.valueOf(l.outFeatures()));
            return null;
        }

        @Override
        public Void visit(Dropout d) {
            f.put("p", number(d.p()));
            return null;
        }

        @Override
        public Void visit(LocalResponseNorm n) {
            f.put("size", String.valueOf(n.size()));
            f.put("alpha", number(n.alpha()));
            f.put("beta", number(n.beta()));
            f.put("k", number(n.k()));
            return null;
        }

        @Override
        public Void visit(BatchNorm2d b) {
            f.put("eps", number(b.eps()));
            f.put("momentum", number(b.momentum()));
            return null;
        }
    }

    private static String pair(int h, int w) {
        return h == w ? String.valueOf(h) : "[" + h + ", " + w + "]";
    }

    /** JSON has no NaN or infinity; they are written as strings the reader accepts back. */
    private static String number(double d) {
        return Double.isFinite(d) ? Double.toString(d) : quote(Double.toString(d));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a spec written by {@link #toJson} (or by hand).
     *
     * @throws SpecFormatException naming the field, line and column of malformed JSON, missing or
     *         unknown fields, values of the wrong type, an unknown layer type or a newer version
     */
    public static NetworkSpec fromJson(String json) throws SpecFormatException {
        Node root = new Reader(json == null ? "" : json).document();
        Map<String, Node> top = object(root, "");
        allowOnly(top, "", Set.of("format", "version", "input", "layers", "name"), "");
        Node format = top.get("format");
        if (format != null && !FORMAT.equals(format.value)) {
            throw format.error("format", "json.wrongFormat", format.repr(), quote(FORMAT));
        }
        Node version = required(top, "version", root, "");
        int v = integer(version, "version");
        if (v > VERSION) {
            throw version.error("version", "json.newerVersion", v, VERSION);
        }
        if (v < 1) {
            throw version.error("version", "json.expectedPositiveInt", version.repr());
        }
        Node inputNode = required(top, "input", root, "");
        List<Node> inputDims = array(inputNode, "input");
        if (inputDims.size() != 3 && inputDims.size() != 1) {
            throw inputNode.error("input", "json.inputShape", inputNode.repr());
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < inputDims.size(); i++) {
            dims.add(integer(inputDims.get(i), "input[" + i + "]"));
        }
        Node layersNode = required(top, "layers", root, "");
        List<LayerSpec> layers = new ArrayList<>();
        List<Node> items = array(layersNode, "layers");
        for (int i = 0; i < items.size(); i++) {
            layers.add(layer(items.get(i), "layers[" + i + "]"));
        }
        return new NetworkSpec(new Shape(dims), layers);
    }

    private static final Map<String, Set<String>> FIELDS = new LinkedHashMap<>();

    static {
        Set<String> window = Set.of("type", "kernel", "stride", "padding");
        FIELDS.put("Conv2d", Set.of("type", "outChannels", "kernel", "stride", "padding"));
        FIELDS.put("MaxPool2d", window);
        FIELDS.put("AvgPool2d", window);
        FIELDS.put("ReLU", Set.of("type"));
        FIELDS.put("Sigmoid", Set.of("type"));
        FIELDS.put("Tanh", Set.of("type"));
        FIELDS.put("Flatten", Set.of("type"));
        FIELDS.put("Linear", Set.of("type", "outFeatures"));
        FIELDS.put("Dropout", Set.of("type", "p"));
        FIELDS.put("LocalResponseNorm", Set.of("type", "size", "alpha", "beta", "k"));
        FIELDS.put("BatchNorm2d", Set.of("type", "eps", "momentum"));
    }

    private static LayerSpec layer(Node node, String path) throws SpecFormatException {
        Map<String, Node> f = object(node, path);
        Node typeNode = required(f, "type", node, path);
        if (!(typeNode.value instanceof String type) || !FIELDS.containsKey(type)) {
            throw typeNode.error(path + ".type", "json.unknownType", typeNode.repr(),
                    String.join(", ", FIELDS.keySet()));
        }
        allowOnly(f, path, FIELDS.get(type), type);
        return switch (type) {
            case "Conv2d" -> {
                int[] k = pair(required(f, "kernel", node, path), path + ".kernel");
                int[] s = optionalPair(f, "stride", path, new int[]{1, 1});
                int[] p = optionalPair(f, "padding", path, new int[]{0, 0});
                yield new Conv2d(integer(required(f, "outChannels", node, path), path + ".outChannels"),
                        k[0], k[1], s[0], s[1], p[0], p[1]);
            }
            case "MaxPool2d", "AvgPool2d" -> {
                int[] k = pair(required(f, "kernel", node, path), path + ".kernel");
                int[] s = optionalPair(f, "stride", path, k); // as in PyTorch, the stride defaults to the kernel
                int[] p = optionalPair(f, "padding", path, new int[]{0, 0});
                yield type.equals("MaxPool2d")
                        ? new MaxPool2d(k[0], k[1], s[0], s[1], p[0], p[1])
                        : new AvgPool2d(k[0], k[1], s[0], s[1], p[0], p[1]);
            }
            case "ReLU" -> new ReLU();
            case "Sigmoid" -> new Sigmoid();
            case "Tanh" -> new Tanh();
            case "Flatten" -> new Flatten();
            case "Linear" -> new Linear(integer(required(f, "outFeatures", node, path), path + ".outFeatures"));
            case "Dropout" -> new Dropout(optionalNumber(f, "p", path, 0.5));
            case "LocalResponseNorm" -> new LocalResponseNorm(integer(required(f, "size", node, path), path + ".size"),
                    optionalNumber(f, "alpha", path, 1e-4), optionalNumber(f, "beta", path, 0.75),
                    optionalNumber(f, "k", path, 1.0));
            default -> new BatchNorm2d(optionalNumber(f, "eps", path, 1e-5), optionalNumber(f, "momentum", path, 0.1));
        };
    }

    private static Node required(Map<String, Node> fields, String name, Node owner, String path)
            throws SpecFormatException {
        Node n = fields.get(name);
        if (n == null) {
            throw owner.error(join(path, name), "json.missingField");
        }
        return n;
    }

    private static void allowOnly(Map<String, Node> fields, String path, Set<String> allowed, String type)
            throws SpecFormatException {
        for (Map.Entry<String, Node> e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                List<String> sorted = new ArrayList<>(allowed);
                sorted.sort(null);
                throw e.getValue().error(join(path, e.getKey()),
                        type.isEmpty() ? "json.unknownTopField" : "json.unknownField", type, String.join(", ", sorted));
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Node> object(Node n, String path) throws SpecFormatException {
        if (n.value instanceof Map<?, ?> m) {
            return (Map<String, Node>) m;
        }
        throw n.error(path, "json.expectedObject", n.repr());
    }

    @SuppressWarnings("unchecked")
    private static List<Node> array(Node n, String path) throws SpecFormatException {
        if (n.value instanceof List<?> l) {
            return (List<Node>) l;
        }
        throw n.error(path, "json.expectedArray", n.repr());
    }

    private static int integer(Node n, String path) throws SpecFormatException {
        Integer v = asInt(n);
        if (v == null) {
            throw n.error(path, "json.expectedInt", n.repr());
        }
        return v;
    }

    private static Integer asInt(Node n) {
        if (n.value instanceof BigDecimal d) {
            try {
                return d.intValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static int[] pair(Node n, String path) throws SpecFormatException {
        Integer single = asInt(n);
        if (single != null) {
            return new int[]{single, single};
        }
        if (n.value instanceof List<?> l && l.size() == 2) {
            Integer h = asInt((Node) l.get(0));
            Integer w = asInt((Node) l.get(1));
            if (h != null && w != null) {
                return new int[]{h, w};
            }
        }
        throw n.error(path, "json.expectedIntOrPair", n.repr());
    }

    private static int[] optionalPair(Map<String, Node> f, String name, String path, int[] dflt)
            throws SpecFormatException {
        Node n = f.get(name);
        return n == null ? dflt : pair(n, path + "." + name);
    }

    private static double optionalNumber(Map<String, Node> f, String name, String path, double dflt)
            throws SpecFormatException {
        Node n = f.get(name);
        if (n == null) {
            return dflt;
        }
        if (n.value instanceof BigDecimal d) {
            return Double.parseDouble(n.raw);
        }
        if (n.value instanceof String s) {
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw n.error(path + "." + name, "json.expectedNumber", n.repr());
    }

    /** A parsed JSON value with where it starts. Objects are Map, arrays List, numbers BigDecimal. */
    private static final class Node {
        static final Object NULL = new Object();

        final Object value;
        final String raw;
        final int line;
        final int column;

        Node(Object value, String raw, int line, int column) {
            this.value = value;
            this.raw = raw;
            this.line = line;
            this.column = column;
        }

        SpecFormatException error(String field, String key, Object... args) {
            return new SpecFormatException(field, line, column, key, args);
        }

        /** The value as the file shows it, shortened. */
        String repr() {
            String s = raw.length() > 40 ? raw.substring(0, 37) + "..." : raw;
            return s.replace('\n', ' ');
        }
    }

    private static final class Reader {
        private static final int MAX_DEPTH = 64;
        private final String s;
        private int pos;
        private int line = 1;
        private int lineStart;

        Reader(String s) {
            this.s = s;
        }

        Node document() throws SpecFormatException {
            skipBlank();
            if (pos >= s.length()) {
                throw syntax("json.empty");
            }
            Node n = value(0, "");
            skipBlank();
            if (pos < s.length()) {
                throw syntax("json.trailing", describeHere());
            }
            return n;
        }

        private int col() {
            return pos - lineStart + 1;
        }

        /** The field being read, so that syntax errors name it too. */
        private String path = "";

        private SpecFormatException syntax(String key, Object... args) {
            return new SpecFormatException(path, line, col(), key, args);
        }

        private String describeHere() {
            if (pos >= s.length()) {
                return Messages.format("json.endOfFile");
            }
            // Show the whole word or quoted key that was found, not just its first character.
            int end = pos + 1;
            boolean quoted = s.charAt(pos) == '"';
            while (end < s.length() && end - pos < 24
                    && (quoted ? s.charAt(end) != '"' && s.charAt(end) != '\n' : Character.isLetterOrDigit(s.charAt(end)))) {
                end++;
            }
            if (quoted && end < s.length() && s.charAt(end) == '"') {
                end++;
            }
            return "'" + s.substring(pos, end) + "'";
        }

        private void skipBlank() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                } else if (c != ' ' && c != '\t' && c != '\r' && c != '\uFEFF') {
                    return;
                }
                pos++;
            }
        }

        private Node value(int depth, String at) throws SpecFormatException {
            path = at;
            if (depth > MAX_DEPTH) {
                throw syntax("json.tooDeep", MAX_DEPTH);
            }
            skipBlank();
            int l = line;
            int c = col();
            int start = pos;
            if (pos >= s.length()) {
                throw syntax("json.expected", Messages.format("json.aValue"), describeHere());
            }
            char ch = s.charAt(pos);
            if (ch == '{') {
                pos++;
                Map<String, Node> fields = new LinkedHashMap<>();
                skipBlank();
                if (peekIs('}')) {
                    pos++;
                } else {
                    while (true) {
                        skipBlank();
                        if (!peekIs('"')) {
                            throw syntax("json.expected", Messages.format("json.aKey"), describeHere());
                        }
                        int kl = line;
                        int kc = col();
                        String key = string();
                        skipBlank();
                        expect(':');
                        if (fields.containsKey(key)) {
                            throw new SpecFormatException(join(at, key), kl, kc, "json.duplicateKey", key);
                        }
                        Node v = value(depth + 1, join(at, key));
                        path = at;
                        fields.put(key, v);
                        skipBlank();
                        if (peekIs(',')) {
                            pos++;
                        } else if (peekIs('}')) {
                            pos++;
                            break;
                        } else {
                            throw syntax("json.expected", "',' / '}'", describeHere());
                        }
                    }
                }
                return new Node(fields, s.substring(start, pos), l, c);
            }
            if (ch == '[') {
                pos++;
                List<Node> items = new ArrayList<>();
                skipBlank();
                if (peekIs(']')) {
                    pos++;
                } else {
                    while (true) {
                        items.add(value(depth + 1, at + "[" + items.size() + "]"));
                        path = at;
                        skipBlank();
                        if (peekIs(',')) {
                            pos++;
                        } else if (peekIs(']')) {
                            pos++;
                            break;
                        } else {
                            throw syntax("json.expected", "',' / ']'", describeHere());
                        }
                    }
                }
                return new Node(List.copyOf(items), s.substring(start, pos), l, c);
            }
            if (ch == '"') {
                String str = string();
                return new Node(str, s.substring(start, pos), l, c);
            }
            if (ch == '-' || (ch >= '0' && ch <= '9')) {
                return number(l, c);
            }
            for (String word : new String[]{"true", "false", "null"}) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    Object v = word.equals("null") ? Node.NULL : Boolean.valueOf(word);
                    return new Node(v, word, l, c);
                }
            }
            throw syntax("json.expected", Messages.format("json.aValue"), describeHere());
        }

        private boolean peekIs(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) throws SpecFormatException {
            if (!peekIs(c)) {
                throw syntax("json.expected", "'" + c + "'", describeHere());
            }
            pos++;
        }

        private Node number(int l, int c) throws SpecFormatException {
            int start = pos;
            if (peekIs('-')) {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || ".eE+-".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            String raw = s.substring(start, pos);
            // JSON forbids leading zeros (01) and bare dots (1.); BigDecimal alone would accept some of them.
            if (!raw.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                pos = digits;
                throw new SpecFormatException(path, l, c, "json.badNumber", raw);
            }
            return new Node(new BigDecimal(raw), raw, l, c);
        }

        private String string() throws SpecFormatException {
            int l = line;
            int c = col();
            pos++; // opening quote
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length() || s.charAt(pos) == '\n') {
                    throw new SpecFormatException(path, l, c, "json.unterminatedString");
                }
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return out.toString();
                }
                if (ch != '\\') {
                    out.append(ch);
                    continue;
                }
                if (pos >= s.length()) {
                    throw new SpecFormatException(path, l, c, "json.unterminatedString");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length() || !s.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                            throw syntax("json.badEscape", "\\u" + s.substring(pos, Math.min(s.length(), pos + 4)));
                        }
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw syntax("json.badEscape", "\\" + e);
                }
            }
        }
    }
}
