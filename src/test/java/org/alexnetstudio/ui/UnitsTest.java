package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class UnitsTest {

    private final I18n en = new I18n(Locale.ENGLISH);

    @Test
    void aRangeNamesItsUnitOnceWhenBothEndsAreMinutes() {
        // 1,206 s / 60 = 20.1 → 20 min; 5,117 s / 60 = 85.3 → 85 min
        assertEquals("20–85 min", Units.durationRange(en, 1206, 5117));
        // 50 s stays in seconds, so each end keeps its own unit
        assertEquals("50 s–3 min", Units.durationRange(en, 50, 180));
        // 9,000 s = 150 min = 2 h 30 min: past two hours
        assertEquals("20 min–2 h 30 min", Units.durationRange(en, 1206, 9000));
        assertEquals("20–85 分钟", Units.durationRange(new I18n(Locale.SIMPLIFIED_CHINESE), 1206, 5117));
    }
}
