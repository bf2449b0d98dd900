package org.alexnetstudio.ui.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Lab's texts: both languages complete, every key used, the book quoted and cited. */
class LabTextsTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = LabTextsTest.class.getResourceAsStream("/org/alexnetstudio/ui/lab/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void chineseHasEveryKeyWithTheSameArguments() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(zh.stringPropertyNames()));
        Pattern arg = Pattern.compile("%(\\d+)\\$([-#+ 0,(]*\\d*(?:\\.\\d+)?[a-zA-Z])");
        for (String key : en.stringPropertyNames()) {
            Set<String> a = new TreeSet<>();
            Set<String> b = new TreeSet<>();
            for (Matcher m = arg.matcher(en.getProperty(key)); m.find(); ) {
                a.add(m.group(1) + conversion(m.group(2)));
            }
            for (Matcher m = arg.matcher(zh.getProperty(key)); m.find(); ) {
                b.add(m.group(1) + conversion(m.group(2)));
            }
            assertEquals(a, b, key);
        }
    }

    /** The conversion letter: a %d in one language must be a %d in the other. */
    private static char conversion(String spec) {
        return spec.charAt(spec.length() - 1);
    }

    @Test
    void everyKeyIsUsedAndEveryUsedKeyExists() throws IOException {
        Set<String> defined = load("messages.properties").stringPropertyNames();
        Pattern literal = Pattern.compile("\"([a-z][a-zA-Z0-9]*\\.[a-zA-Z0-9.]+)\"");
        Set<String> used = new TreeSet<>();
        try (var files = Files.list(Path.of("src/main/java/org/alexnetstudio/ui/lab"))) {
            for (Path f : files.toList()) {
                for (Matcher m = literal.matcher(Files.readString(f)); m.find(); ) {
                    used.add(m.group(1));
                }
            }
        }
        // Built at run time: each exercise's texts, and exercise 4's two answers with their outcome.
        Set<String> dynamic = new TreeSet<>();
        for (Exercise e : Exercise.values()) {
            for (String part : new String[]{"title", "quote", "cite", "steps"}) {
                dynamic.add(e.key() + "." + part);
            }
        }
        for (org.alexnetstudio.model.Preset p : org.alexnetstudio.model.Presets.all()) {
            dynamic.add("net." + p.id());
        }
        for (String answer : new String[]{"e4.memory", "e4.compute"}) {
            for (String outcome : new String[]{"empty", "bigger", "small", "little", "done"}) {
                dynamic.add(answer + "." + outcome);
            }
        }
        Set<String> missing = new TreeSet<>(used);
        missing.addAll(dynamic);
        missing.removeAll(defined);
        // Prefixes completed at run time, file names.
        missing.removeIf(k -> k.equals("e4.memory") || k.equals("e4.compute") || k.endsWith(".css") || k.startsWith("org."));
        assertTrue(missing.isEmpty(), "used but not defined: " + missing);
        Set<String> unused = new TreeSet<>(defined);
        unused.removeAll(used);
        unused.removeAll(dynamic);
        assertTrue(unused.isEmpty(), "defined but never used: " + unused);
    }

    @Test
    void theQuestionsAreTheBooksWordsAndCiteIt() {
        LabTexts zh = new LabTexts(Locale.SIMPLIFIED_CHINESE);
        LabTexts en = new LabTexts(Locale.ENGLISH);
        assertEquals("试着增加迭代轮数。对比LeNet的结果有什么不同？为什么？", zh.get("e1.quote"));
        assertEquals("修改批量大小，并观察模型精度和GPU显存变化。", zh.get("e3.quote"));
        assertEquals("将dropout和ReLU应用于LeNet-5，效果有提升吗？再试试预处理会怎么样？", zh.get("e5.quote"));
        assertEquals("Try increasing the number of epochs when training AlexNet. Compared with LeNet, how do the "
                + "results differ? Why?", en.get("e1.quote"));
        for (Exercise e : Exercise.values()) {
            assertTrue(zh.get(e.key() + ".cite").startsWith("《动手学深度学习》§7.1 练习 " + e.number()));
            assertTrue(en.get(e.key() + ".cite").startsWith("Dive into Deep Learning, §8.1 Exercises"));
            // shown with get(), not formatted: a % would show doubled
            assertFalse(en.get(e.key() + ".steps").contains("%"));
        }
        assertTrue(en.get("lab.licence").contains("CC BY-SA 4.0"));
        assertTrue(zh.get("lab.licence").contains("CC BY-SA 4.0"));
        // the book's terms
        assertTrue(zh.get("e1.lenet.done").contains("迭代周期") && zh.get("e1.lenet.done").contains("测试精度"));
        assertTrue(zh.get("e5.modified.todo").contains("暂退法"));
        assertTrue(zh.get("e3.steps").contains("批量大小"));
    }
}
