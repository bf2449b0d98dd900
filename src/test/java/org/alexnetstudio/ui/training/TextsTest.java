package org.alexnetstudio.ui.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alexnetstudio.ui.shared.Texts;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextsTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TextsTest.class.getResourceAsStream("/org/alexnetstudio/ui/training/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void chineseHasEveryKeyWithTheSameArguments() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        assertEquals(en.keySet(), zh.keySet());
        Pattern arg = Pattern.compile("%(\\d+)\\$");
        for (String key : en.stringPropertyNames()) {
            java.util.Set<String> a = new java.util.TreeSet<>();
            java.util.Set<String> b = new java.util.TreeSet<>();
            for (Matcher m = arg.matcher(en.getProperty(key)); m.find(); ) {
                a.add(m.group(1));
            }
            for (Matcher m = arg.matcher(zh.getProperty(key)); m.find(); ) {
                b.add(m.group(1));
            }
            assertEquals(a, b, key);
        }
    }

    /** String literals in part 2's sources that look like keys must be defined, and every key used. */
    @Test
    void everyKeyIsUsedAndEveryUsedKeyExists() throws IOException {
        Properties en = load("messages.properties");
        Pattern literal = Pattern.compile("\"([a-z][a-zA-Z0-9]*\\.[a-zA-Z0-9.]*)\"");
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (String pkg : new String[] {"training", "filters", "mistakes", "predict", "data", "explain"}) {
            java.nio.file.Path dir = java.nio.file.Path.of("src/main/java/org/alexnetstudio/ui", pkg);
            try (var files = java.nio.file.Files.list(dir)) {
                for (var f : files.toList()) {
                    for (Matcher m = literal.matcher(java.nio.file.Files.readString(f)); m.find(); ) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        java.util.Set<String> missing = new java.util.TreeSet<>(used);
        missing.removeAll(en.stringPropertyNames());
        // Not keys: prefixes completed at run time ("status." + name), file names, system properties.
        missing.removeIf(k -> k.endsWith(".") || k.matches(".*\\.(zip|npz|png|csv|css)") || k.startsWith("alexnet.")
                || k.startsWith("org.") || k.startsWith("user."));
        Properties dataKeys = new Properties(); // DataException takes keys of the data package's bundle
        try (InputStream in = TextsTest.class.getResourceAsStream("/org/alexnetstudio/data/messages.properties")) {
            dataKeys.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        missing.removeAll(dataKeys.stringPropertyNames());
        assertTrue(missing.isEmpty(), "used but not defined: " + missing);
        // Built from parts: class.N, status.X, schedule.X, device.X and the settings tooltips (key + "Tip").
        java.util.Set<String> unused = new java.util.TreeSet<>(en.stringPropertyNames());
        unused.removeAll(used);
        unused.removeIf(k -> k.startsWith("class.") || k.startsWith("status.")
                || k.matches("schedule\\.(constant|cosine)|device\\.(auto|cpu|gpu)")
                || k.endsWith(".one") && used.contains(k.substring(0, k.length() - 4)) || k.endsWith("Tip")
                && used.contains(k.substring(0, k.length() - 3)));
        assertTrue(unused.isEmpty(), "defined but never used: " + unused);
    }

    @Test
    void oneEpochIsSingular() {
        Texts en = new Texts(Locale.ENGLISH);
        assertEquals("Stopped after 1 finished epoch.", en.plural("progress.stopped", 1));
        assertEquals("Stopped after 2 finished epochs.", en.plural("progress.stopped", 2));
        assertEquals("Stopped after 0 finished epochs.", en.plural("progress.stopped", 0));
        assertEquals("已停止，完成了 1 个迭代周期。", new Texts(Locale.SIMPLIFIED_CHINESE).plural("progress.stopped", 1));
    }

    @Test
    void chineseUsesTheBooksTerms() {
        Texts zh = new Texts(Locale.SIMPLIFIED_CHINESE);
        assertEquals("训练损失", zh.get("chart.trainLoss"));
        assertEquals("训练精度", zh.get("chart.trainAcc"));
        assertEquals("测试精度", zh.get("chart.testAcc"));
        assertTrue(zh.get("progress.text").contains("样本/秒"));
        assertEquals("学习率调度", zh.get("settings.schedule"));
        assertEquals("余弦", zh.get("schedule.cosine"));
        assertEquals("权重衰减", zh.get("settings.weightDecay"));
        assertEquals("Ankle boot", new Texts(Locale.ENGLISH).className(9));
    }
}
