package org.alexnetstudio.train;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The device the student chose in the window, remembered between starts (java.util.prefs, like
 * the language).
 */
public final class DevicePreference {

    static final String KEY = "device";

    private final Preferences node;

    public DevicePreference(Preferences node) {
        this.node = node;
    }

    /** The user's own preference. */
    public static DevicePreference user() {
        return new DevicePreference(Preferences.userRoot().node("org/alexnetstudio/engine"));
    }

    /** The saved choice; {@link DeviceChoice#AUTO} when none was saved or the stored text is unknown. */
    public DeviceChoice load() {
        try {
            return DeviceChoice.parse(node.get(KEY, DeviceChoice.AUTO.id()));
        } catch (IllegalArgumentException e) {
            return DeviceChoice.AUTO;
        }
    }

    public void save(DeviceChoice choice) {
        node.put(KEY, choice.id());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Remembering is a convenience; this session still knows the choice.
        }
    }
}
