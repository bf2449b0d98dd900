package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DataMessagesTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DataMessages.class.getResourceAsStream("/org/alexnetstudio/data/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void englishAndChineseHaveTheSameKeys() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(zh.stringPropertyNames()));
        for (String key : en.stringPropertyNames()) {
            // the same positional arguments, so String.format never fails in either language
            assertEquals(args(en.getProperty(key)), args(zh.getProperty(key)), key);
        }
    }

    private static TreeSet<String> args(String pattern) {
        TreeSet<String> found = new TreeSet<>();
        var m = java.util.regex.Pattern.compile("%(\\d+)\\$").matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void chineseIsUsedForChineseLocale() {
        String zh = DataMessages.format(Locale.SIMPLIFIED_CHINESE, "source.sample");
        assertTrue(zh.contains("样本"), zh);
        String en = DataMessages.format(Locale.ENGLISH, "idx.notFound", "x.gz");
        assertEquals("x.gz: file not found.", en);
    }
}
