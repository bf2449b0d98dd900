package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.Test;

/** Every UI text exists in English and Chinese, and every key in the bundles is used. */
class MessagesBundleTest {

    private static final Path SOURCES = Path.of("src/main/java/org/alexnetstudio/ui");

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesBundleTest.class.getResourceAsStream("/org/alexnetstudio/ui/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    /** Keys built at run time from a family prefix and a kind, field, preset or language. */
    private static Set<String> dynamicKeys() {
        Set<String> keys = new HashSet<>();
        for (LayerKinds.Kind k : LayerKinds.all()) {
            keys.add("kind." + k.name());
            LayerForms.of(k.defaults()).forEach(f -> keys.add("field." + f.name()));
        }
        for (Preset p : Presets.all()) {
            keys.add("preset." + p.id());
        }
        for (Locale l : I18n.SUPPORTED) {
            keys.add("language." + l.toLanguageTag());
        }
        return keys;
    }

    /** String literals in the UI sources that look like message keys. */
    private static Set<String> literalKeys() throws IOException {
        Pattern literal = Pattern.compile("\"([a-z][a-zA-Z0-9]*\\.[a-zA-Z0-9.-]+)\"");
        Set<String> keys = new TreeSet<>();
        // Depth 1: the subpackages (training, filters, ...) use their own bundle, checked by TextsTest.
        try (Stream<Path> files = Files.walk(SOURCES, 1)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        assertEquals(new TreeSet<>(load("messages.properties").stringPropertyNames()),
                new TreeSet<>(load("messages_zh_CN.properties").stringPropertyNames()));
    }

    @Test
    void everyKeyIsUsedAndEveryUsedKeyExists() throws IOException {
        Set<String> defined = load("messages.properties").stringPropertyNames();
        Set<String> literals = literalKeys();
        Set<String> dynamic = dynamicKeys();
        Set<String> unused = new TreeSet<>(defined);
        unused.removeAll(literals);
        unused.removeAll(dynamic);
        assertTrue(unused.isEmpty(), "keys no source uses: " + unused);

        Set<String> missing = new TreeSet<>(dynamic);
        missing.removeAll(defined);
        // Literals that are not keys: file names, system properties, code.
        literals.stream().filter(k -> !defined.contains(k))
                .filter(k -> !k.matches(".*\\.(css|json|py|png)") && !k.startsWith("alexnet.") && !k.startsWith("org.")
                        && !k.startsWith("nn."))
                .forEach(missing::add);
        assertTrue(missing.isEmpty(), "keys used but not defined: " + missing);
    }

    @Test
    void chineseUsesTheBooksTerms() throws IOException {
        Properties zh = load("messages_zh_CN.properties");
        assertEquals("卷积层", zh.getProperty("kind.Conv2d"));
        assertEquals("最大汇聚层", zh.getProperty("kind.MaxPool2d"));
        assertEquals("全连接层", zh.getProperty("kind.Linear"));
        assertEquals("暂退法", zh.getProperty("kind.Dropout"));
        assertEquals("输出形状", zh.getProperty("column.output"));
        assertEquals("参数", zh.getProperty("column.parameters"));
    }

    @Test
    void everyPatternFormatsWithItsArgumentsInBothLanguages() throws IOException {
        for (Locale l : I18n.SUPPORTED) {
            I18n i18n = new I18n(l);
            for (String key : load("messages.properties").stringPropertyNames()) {
                // Up to five string-or-number arguments; %d needs numbers, so try both kinds.
                String text = i18n.get(key);
                Object[] args = text.contains("d") && text.matches("(?s).*%\\d\\$d.*")
                        ? argsFor(text) : new Object[]{"a", "b", "c", "d", "e"};
                i18n.fmt(key, args);
            }
        }
    }

    private static Object[] argsFor(String pattern) {
        Object[] args = new Object[5];
        for (int i = 1; i <= 5; i++) {
            args[i - 1] = pattern.contains("%" + i + "$d") ? (Object) 1 : "x";
        }
        return args;
    }
}
