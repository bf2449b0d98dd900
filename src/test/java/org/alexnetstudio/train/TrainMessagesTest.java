package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainMessagesTest {

    private static final Pattern ARG = Pattern.compile("%(\\d+)\\$");

    @Test
    void chineseBundleHasEveryKeyWithTheSameArguments() {
        ResourceBundle en = ResourceBundle.getBundle("org.alexnetstudio.train.messages", Locale.ROOT);
        ResourceBundle zh = ResourceBundle.getBundle("org.alexnetstudio.train.messages", Locale.SIMPLIFIED_CHINESE);
        assertEquals(new TreeSet<>(en.keySet()), new TreeSet<>(zh.keySet()));
        for (String key : en.keySet()) {
            assertEquals(args(en.getString(key)), args(zh.getString(key)), key);
        }
        String zhText = TrainMessages.format(Locale.SIMPLIFIED_CHINESE, "training.nanLoss", "NaN", 1, 2, "10", "");
        assertEquals(true, zhText.contains("学习率 10"), zhText);
    }

    private static TreeSet<String> args(String pattern) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = ARG.matcher(pattern);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
