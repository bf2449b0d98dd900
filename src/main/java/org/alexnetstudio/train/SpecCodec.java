package org.alexnetstudio.train;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;

/**
 * A network spec as JSON inside checkpoints: {@code {"input":[1,224,224],"layers":[{"kind":"Conv2d",
 * "outChannels":96,...}]}}, one field per record component of the layer spec.
 * TODO: switch to model's SpecJson once the model branch has it, keeping this reader for old files.
 */
final class SpecCodec {

    private SpecCodec() {
    }

    static String toJson(NetworkSpec spec) {
        StringBuilder sb = new StringBuilder("{\"input\":[");
        List<Integer> dims = spec.input().dims();
        for (int k = 0; k < dims.size(); k++) {
            sb.append(k > 0 ? "," : "").append(dims.get(k));
        }
        sb.append("],\"layers\":[");
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            sb.append(i > 0 ? "," : "").append("\n{\"kind\":\"").append(layer.kind()).append('"');
            for (RecordComponent c : layer.getClass().getRecordComponents()) {
                try {
                    Object v = c.getAccessor().invoke(layer);
                    sb.append(",\"").append(c.getName()).append("\":");
                    sb.append(v instanceof Double d ? String.format(Locale.ROOT, "%s", d) : String.valueOf(v));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            sb.append('}');
        }
        return sb.append("]}\n").toString();
    }

    static NetworkSpec fromJson(String json) {
        Object root = new Parser(json).parseValue();
        if (!(root instanceof Map<?, ?> map) || !(map.get("input") instanceof List<?> input)
                || !(map.get("layers") instanceof List<?> layers)) {
            throw new IllegalArgumentException("a network needs \"input\" and \"layers\"");
        }
        Shape shape = new Shape(input.stream().map(o -> ((Number) o).intValue()).toList());
        Map<String, Class<?>> kinds = new LinkedHashMap<>();
        for (Class<?> c : LayerSpec.class.getPermittedSubclasses()) {
            kinds.put(c.getSimpleName(), c);
        }
        List<LayerSpec> out = new ArrayList<>();
        for (Object o : layers) {
            if (!(o instanceof Map<?, ?> fields) || !(fields.get("kind") instanceof String kind)) {
                throw new IllegalArgumentException("each layer needs a \"kind\"");
            }
            Class<?> type = kinds.get(kind);
            if (type == null) {
                throw new IllegalArgumentException("unknown layer kind " + kind);
            }
            RecordComponent[] comps = type.getRecordComponents();
            Class<?>[] types = new Class<?>[comps.length];
            Object[] args = new Object[comps.length];
            for (int k = 0; k < comps.length; k++) {
                types[k] = comps[k].getType();
                Object v = fields.get(comps[k].getName());
                if (!(v instanceof Number n)) {
                    throw new IllegalArgumentException(kind + " needs a number \"" + comps[k].getName() + "\"");
                }
                args[k] = types[k] == int.class ? (Object) n.intValue() : (Object) n.doubleValue();
            }
            try {
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                out.add((LayerSpec) ctor.newInstance(args));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot rebuild " + kind + ": " + e, e);
            }
        }
        return new NetworkSpec(shape, out);
    }

    /** Just enough JSON: objects, arrays, numbers, strings, true/false/null. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object parseValue() {
            skip();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                skip();
                if (peek('}')) {
                    pos++;
                    return m;
                }
                do {
                    skip();
                    String key = (String) parseValue();
                    skip();
                    expect(':');
                    m.put(key, parseValue());
                    skip();
                } while (consume(','));
                expect('}');
                return m;
            }
            if (c == '[') {
                pos++;
                List<Object> l = new ArrayList<>();
                skip();
                if (peek(']')) {
                    pos++;
                    return l;
                }
                do {
                    l.add(parseValue());
                    skip();
                } while (consume(','));
                expect(']');
                return l;
            }
            if (c == '"') {
                int end = s.indexOf('"', pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            for (String word : new String[]{"true", "false", "null"}) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = pos;
            while (pos < s.length() && "+-.eE0123456789".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("unexpected '" + c + "'");
            }
            String num = s.substring(start, pos);
            return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private boolean consume(char c) {
            if (peek(c)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skip();
            if (!consume(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON at " + pos + ": " + what);
        }
    }
}
