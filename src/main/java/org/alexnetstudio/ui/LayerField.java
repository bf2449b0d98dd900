package org.alexnetstudio.ui;

import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.alexnetstudio.model.LayerSpec;

/**
 * One editable setting of a layer kind: how to read it from a spec, how to make a copy with a new
 * value, and which values the form accepts. The name matches {@code ShapeError.field()}.
 *
 * @param name    the field name, also the message key suffix {@code field.<name>}
 * @param type    which control edits it
 * @param min     smallest accepted value (inclusive)
 * @param max     largest accepted value (inclusive, except PROBABILITY which must stay below it)
 */
public record LayerField(String name, Type type, double min, double max,
                         Function<LayerSpec, Object> getter,
                         BiFunction<LayerSpec, Object, LayerSpec> setter) {

    /** INT: Integer (spinner); PAIR: {@link IntPair} (h×w spinners); DOUBLE: Double; PROBABILITY: Double in [0, 1) (slider). */
    public enum Type { INT, PAIR, DOUBLE, PROBABILITY }

    /** An h×w pair of sizes, printed {@code 3} when square and {@code 3×5} otherwise. */
    public record IntPair(int h, int w) {
        @Override
        public String toString() {
            return h == w ? String.valueOf(h) : h + "×" + w;
        }
    }

    /** The result of reading what the student typed: a value, or the key of the reason it is refused. */
    public record Parsed(Object value, String errorKey, Object[] errorArgs) {
        public boolean ok() {
            return errorKey == null;
        }
    }

    public Object get(LayerSpec layer) {
        return getter.apply(layer);
    }

    public LayerSpec with(LayerSpec layer, Object value) {
        return setter.apply(layer, value);
    }

    /** Checks a value against the accepted range. */
    public Parsed check(Object value) {
        return switch (type) {
            case INT -> inRange(((Integer) value).doubleValue()) ? ok(value) : rangeError();
            case PAIR -> {
                IntPair p = (IntPair) value;
                yield inRange(p.h()) && inRange(p.w()) ? ok(value) : rangeError();
            }
            case DOUBLE -> {
                double d = (Double) value;
                yield Double.isFinite(d) && inRange(d) ? ok(value) : rangeError();
            }
            case PROBABILITY -> {
                double d = (Double) value;
                yield d >= min && d < max ? ok(value)
                        : new Parsed(null, "invalid.probability", new Object[]{fmt(min), fmt(max)});
            }
        };
    }

    /** Reads typed text: {@code 5}, {@code 3x5} / {@code 3×5} / {@code 3,5} for pairs, {@code 0.5} for numbers. */
    public Parsed parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return new Parsed(null, "invalid.empty", new Object[0]);
        }
        try {
            return switch (type) {
                case INT -> check(Integer.parseInt(t));
                case PAIR -> {
                    String[] parts = t.split("\\s*[x×X,*]\\s*");
                    if (parts.length == 1) {
                        int v = Integer.parseInt(parts[0]);
                        yield check(new IntPair(v, v));
                    }
                    if (parts.length == 2) {
                        yield check(new IntPair(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
                    }
                    yield new Parsed(null, "invalid.pair", new Object[]{t});
                }
                case DOUBLE, PROBABILITY -> check(Double.parseDouble(t.replace(',', '.')));
            };
        } catch (NumberFormatException e) {
            return new Parsed(null, type == Type.PAIR ? "invalid.pair" : type == Type.INT
                    ? "invalid.integer" : "invalid.number", new Object[]{t});
        }
    }

    private boolean inRange(double v) {
        return v >= min && v <= max;
    }

    private Parsed ok(Object value) {
        return new Parsed(value, null, null);
    }

    private Parsed rangeError() {
        return new Parsed(null, "invalid.range", new Object[]{fmt(min), fmt(max)});
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /** Displays a value as the form and edit descriptions show it. */
    public static String display(Object value) {
        if (value instanceof Double d) {
            return fmt(d);
        }
        return String.valueOf(value);
    }
}
