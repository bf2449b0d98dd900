package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class DataMessagesLocaleTest {

    @Test
    void englishIsEnglishEvenOnAChineseMachine() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertEquals("the system-wide copy: /d", DataMessages.format(Locale.ENGLISH, "source.debian", "/d"));
            assertEquals("系统中的副本：/d", DataMessages.format("source.debian", "/d"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aBrokenPatternShowsTheValuesInsteadOfThrowing() {
        // source.debian takes one argument; %1$s with none would throw IllegalFormatException.
        assertEquals("the system-wide copy: %1$s []", DataMessages.format(Locale.ENGLISH, "source.debian"));
    }
}
