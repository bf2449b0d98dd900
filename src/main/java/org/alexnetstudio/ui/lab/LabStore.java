package org.alexnetstudio.ui.lab;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Where the Lab keeps the student's progress between sessions: java.util.prefs (the same place as
 * the language and the recent files), one node per user. The Lab follows the student across many
 * networks and documents, so it belongs to the user rather than to a network file. Kept: which
 * exercises are done, the exercise shown, whether the panel is open, exercise 4's answers, and the
 * runs the checks read (at most {@link #MAX_RUNS}, one value each, well under the 8 KB a
 * preference value may hold).
 */
public final class LabStore {

    static final int MAX_RUNS = 40;

    private final Preferences node;

    public LabStore(Preferences node) {
        this.node = node;
    }

    /** The user's own Lab. */
    public static LabStore user() {
        return new LabStore(Preferences.userRoot().node("org/alexnetstudio/lab"));
    }

    public Set<Exercise> done() {
        Set<Exercise> out = EnumSet.noneOf(Exercise.class);
        for (String s : node.get("done", "").split(",")) {
            try {
                if (!s.isBlank()) {
                    out.add(Exercise.valueOf(s.trim()));
                }
            } catch (IllegalArgumentException e) {
                // An exercise a later version renamed: skip it.
            }
        }
        return out;
    }

    public void setDone(Set<Exercise> done) {
        node.put("done", String.join(",", done.stream().map(Enum::name).toList()));
        flush();
    }

    public Exercise shown() {
        try {
            return Exercise.valueOf(node.get("shown", Exercise.EPOCHS.name()));
        } catch (IllegalArgumentException e) {
            return Exercise.EPOCHS;
        }
    }

    public void setShown(Exercise e) {
        node.put("shown", e.name());
        flush();
    }

    /** Whether the panel is open; closed at first, so the Network tab keeps its width until the student opens it. */
    public boolean open() {
        return node.getBoolean("open", false);
    }

    public void setOpen(boolean open) {
        node.putBoolean("open", open);
        flush();
    }

    public Picks picks() {
        String[] parts = node.get("picks", "").split("\\|", -1);
        if (parts.length != 3) {
            return Picks.NONE;
        }
        return new Picks(parts[0], indices(parts[1]), indices(parts[2]));
    }

    public void setPicks(Picks p) {
        node.put("picks", p.network() + "|" + join(p.memory()) + "|" + join(p.compute()));
        flush();
    }

    /** A new number for this session, so run ids stay unique across sessions. */
    public int nextSession() {
        int s = node.getInt("session", 0) + 1;
        node.putInt("session", s);
        flush();
        return s;
    }

    /** The kept runs, oldest first, marked as from an earlier session; unreadable ones are skipped. */
    public List<RunRecord> runs() {
        List<RunRecord> out = new ArrayList<>();
        int n = node.getInt("runs", 0);
        for (int i = 0; i < n; i++) {
            String text = node.get("run." + i, null);
            if (text != null) {
                try {
                    out.add(RunRecord.decode(text, true));
                } catch (IllegalArgumentException e) {
                    // Written by another version, or damaged: the other runs still count.
                }
            }
        }
        return out;
    }

    /** Keeps {@code runs} (the newest {@link #MAX_RUNS}). */
    public void setRuns(List<RunRecord> runs) {
        List<RunRecord> kept = runs.subList(Math.max(0, runs.size() - MAX_RUNS), runs.size());
        int old = node.getInt("runs", 0);
        int n = 0;
        for (RunRecord r : kept) {
            String text = r.encode();
            if (text.length() <= Preferences.MAX_VALUE_LENGTH) {
                node.put("run." + n++, text);
            }
            // else: a network too large to keep (hundreds of layers); it still counts in this session
        }
        for (int i = n; i < old; i++) {
            node.remove("run." + i);
        }
        node.putInt("runs", n);
        flush();
    }

    /** Forgets progress, answers and kept runs (not the session counter). */
    public void clear() {
        setDone(Set.of());
        setPicks(Picks.NONE);
        setRuns(List.of());
        setShown(Exercise.EPOCHS);
    }

    private static Set<Integer> indices(String s) {
        Set<Integer> out = new TreeSet<>();
        for (String part : s.split(",")) {
            try {
                if (!part.isBlank()) {
                    out.add(Integer.parseInt(part.trim()));
                }
            } catch (NumberFormatException e) {
                // skip
            }
        }
        return out;
    }

    private static String join(Set<Integer> s) {
        return String.join(",", new TreeSet<>(s).stream().map(String::valueOf).toList());
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Remembering is a convenience; the session goes on without it.
        }
    }
}
