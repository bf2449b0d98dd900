package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothBundlesHaveExactlyTheSameKeys() throws IOException {
        Set<String> en = new TreeSet<>(load("messages.properties").stringPropertyNames());
        Set<String> zh = new TreeSet<>(load("messages_zh_CN.properties").stringPropertyNames());
        assertEquals(en, zh);
        assertTrue(en.size() > 100, "keys: " + en.size());
    }

    @Test
    void everyChineseTextIsTranslatedAndTakesTheSameArguments() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        for (String key : en.stringPropertyNames()) {
            String e = en.getProperty(key);
            String z = zh.getProperty(key);
            // The same %n$ placeholders, so Messages.format fills in the same numbers.
            assertEquals(placeholders(e), placeholders(z), key);
            if (e.chars().anyMatch(Character::isLetter) && !key.startsWith("table.index") && e.length() > 12) {
                assertTrue(z.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                        key + " is not translated: " + z);
            }
        }
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> out = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("%(\\d+)\\$[,.0-9]*[a-z]").matcher(pattern);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void aTeachingErrorReadsCorrectlyInBothLanguages() {
        // Book AlexNet resized to 63: the last 3×3 pool meets a 2×2 map, (2+2·0-3)/2+1 = 0.
        LayerReport r = Presets.alexnet().withResize(63).analyze().firstError().orElseThrow();
        ShapeError e = r.error();
        assertEquals("MaxPool2d kernel 3×3 is larger than the 2×2 input plus padding 0×0: ⌊(2 + 2·0 − 3)/2⌋ + 1 = 0, "
                + "and a size must be at least 1. The padded input is only 2 wide; use a smaller kernel or more "
                + "padding, or remove a pooling layer before this one.", e.message(Locale.ENGLISH));
        assertEquals("MaxPool2d 的卷积核 3×3 大于 2×2 的输入加上填充 0×0：⌊(2 + 2·0 − 3)/2⌋ + 1 = 0，而尺寸至少要为 1。"
                + "填充后的输入只有 2 宽；请使用更小的卷积核或更多的填充，或删去此前的一个汇聚层。",
                e.message(Locale.SIMPLIFIED_CHINESE));
        assertEquals("Set padding to 1×1", e.fixes().get(1).description(Locale.ENGLISH));
        assertEquals("把填充设为 1×1", e.fixes().get(1).description(Locale.SIMPLIFIED_CHINESE));
        assertEquals(List.of("第 12 层（MaxPool2d）：" + e.message(Locale.SIMPLIFIED_CHINESE)),
                Presets.alexnet().withResize(63).analyze().errorMessages(Locale.SIMPLIFIED_CHINESE));
    }

    @Test
    void groupedNumbersFollowTheLocale() {
        ShapeError e = new Linear(100_000).outputShape(Shape.features(6400)).errorIfFailed().orElseThrow();
        // 6400*100000 = 640,000,000 weights = 2441 MiB
        assertEquals("This layer would have 640,000,000 weights (2,441 MiB): too large to train. "
                + "Use fewer channels or features, or pool more before it.", e.message(Locale.ENGLISH));
        assertEquals("这一层将有 640,000,000 个权重（2,441 MiB）：太大，无法训练。请减少通道数或特征数，或在它之前多做汇聚。",
                e.message(Locale.SIMPLIFIED_CHINESE));
    }

    @Test
    void englishIsChosenEvenOnAChineseMachine() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertEquals("Set p to 0.5", Messages.format(Locale.ENGLISH, "fix.setDropout", 0.5));
            assertEquals("把 p 设为 0.5", Messages.format("fix.setDropout", 0.5));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aBrokenPatternNeverThrows() {
        // error.prefix expects %1$s..%3$s; a missing argument must not crash the UI.
        String s = Messages.format(Locale.ENGLISH, "error.prefix", 1);
        assertTrue(s.contains("Layer"), s);
        assertEquals("no.such.key", Messages.format(Locale.ENGLISH, "no.such.key"));
    }

    @Test
    void theCatalogHasEveryKindWithADefaultAndAnExplanationInBothLanguages() {
        List<LayerCatalog.Entry> entries = LayerCatalog.all();
        assertEquals(List.of("Conv2d", "MaxPool2d", "AvgPool2d", "ReLU", "Sigmoid", "Tanh", "Flatten", "Linear",
                "Dropout", "LocalResponseNorm", "BatchNorm2d"), entries.stream().map(LayerCatalog.Entry::kind).toList());
        // Every permitted record kind is in the palette.
        assertEquals(LayerSpec.class.getPermittedSubclasses().length, entries.size());
        for (LayerCatalog.Entry e : entries) {
            assertEquals(e.kind(), e.defaultLayer().kind());
            for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
                assertNotEquals(e.nameKey(), e.name(locale));
                assertNotEquals(e.explainKey(), e.explanation(locale));
                assertEquals(e.explanation(locale), LayerCatalog.explain(e.defaultLayer(), locale));
            }
        }
        assertEquals(new Conv2d(64, 3, 1, 1), LayerCatalog.byKind("Conv2d").orElseThrow().defaultLayer());
        assertEquals(new Linear(128), LayerCatalog.byKind("Linear").orElseThrow().defaultLayer());
        assertEquals(new Dropout(0.5), LayerCatalog.byKind("Dropout").orElseThrow().defaultLayer());
        assertFalse(LayerCatalog.byKind("Conv3d").isPresent());
        assertTrue(LayerCatalog.byKind("ReLU").orElseThrow().explanation(Locale.ENGLISH).contains("sigmoid"));
        assertTrue(LayerCatalog.byKind("Dropout").orElseThrow().explanation(Locale.SIMPLIFIED_CHINESE).contains("暂退法"));
        assertTrue(LayerCatalog.byKind("MaxPool2d").orElseThrow().name(Locale.SIMPLIFIED_CHINESE).contains("汇聚层"));
    }

    @Test
    void theDefaultsMakeAWorkingNetworkWhenStackedLikeAlexNet() {
        // Conv2d(64,3,1,1): (28+2-3)/1+1 = 28; MaxPool2d(2,2): (28-2)/2+1 = 14; 64*14*14 = 12544 → 128 → 128
        NetworkSpec spec = new NetworkSpec(Shape.chw(1, 28, 28), List.of(
                LayerCatalog.byKind("Conv2d").orElseThrow().defaultLayer(),
                LayerCatalog.byKind("ReLU").orElseThrow().defaultLayer(),
                LayerCatalog.byKind("MaxPool2d").orElseThrow().defaultLayer(),
                LayerCatalog.byKind("Flatten").orElseThrow().defaultLayer(),
                LayerCatalog.byKind("Linear").orElseThrow().defaultLayer(),
                LayerCatalog.byKind("Dropout").orElseThrow().defaultLayer()));
        assertEquals(Shape.features(128), spec.analyze().output().orElseThrow());
    }
}
