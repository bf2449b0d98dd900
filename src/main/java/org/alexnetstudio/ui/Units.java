package org.alexnetstudio.ui;

import java.util.Locale;

/** Number formats the tables and totals use. */
public final class Units {

    private Units() {
    }

    /** 46,764,746 */
    static String count(Locale locale, long n) {
        return String.format(locale, "%,d", n);
    }

    /** 1.06 G, 105.4 M, 34.9 K, 512 */
    public static String compact(Locale locale, long n) {
        if (n >= 1_000_000_000L) {
            return String.format(locale, "%.2f G", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(locale, "%.1f M", n / 1e6);
        }
        if (n >= 10_000L) {
            return String.format(locale, "%.1f K", n / 1e3);
        }
        return String.valueOf(n);
    }

    /** Decimal megabytes with sensible precision: 1,772.0 MB, 187.1 MB, 0.02 MB. */
    public static String megabytes(Locale locale, long bytes) {
        double mb = bytes / 1e6;
        return mb >= 10 ? String.format(locale, "%,.1f MB", mb) : String.format(locale, "%.2f MB", mb);
    }

    /** 40 s, 4 min, 2 h 21 min */
    /** "20–85 min" when both ends read in minutes, else "50 s–3 h 5 min". */
    static String durationRange(I18n i18n, double fast, double slow) {
        long a = Math.round(fast / 60);
        long b = Math.round(slow / 60);
        if (Math.round(fast) >= 90 && b < 120) {
            return i18n.fmt("time.minutesRange", a, b);
        }
        return duration(i18n, fast) + "–" + duration(i18n, slow);
    }

    static String duration(I18n i18n, double seconds) {
        long s = Math.round(seconds);
        if (s < 90) {
            return i18n.fmt("time.seconds", Math.max(1, s));
        }
        long min = Math.round(seconds / 60);
        if (min < 120) {
            return i18n.fmt("time.minutes", min);
        }
        return i18n.fmt("time.hoursMinutes", min / 60, min % 60);
    }
}
