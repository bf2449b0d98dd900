package org.alexnetstudio.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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

    @Test
    void chineseUsesTheBooksTerms() {
        Texts zh = new Texts(Locale.SIMPLIFIED_CHINESE);
        assertEquals("训练损失", zh.get("chart.trainLoss"));
        assertEquals("训练精度", zh.get("chart.trainAcc"));
        assertEquals("测试精度", zh.get("chart.testAcc"));
        assertTrue(zh.get("progress.text").contains("样本/秒"));
        assertEquals("Ankle boot", new Texts(Locale.ENGLISH).className(9));
    }
}
