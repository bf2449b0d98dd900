package org.alexnetstudio.ui.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app process's resident memory (Linux): now ({@code VmRSS}) and the peak ({@code VmHWM}) since
 * the last reset. Writing {@code 5} to {@code /proc/self/clear_refs} resets the peak (Linux 4.0+),
 * so the peak read when a run ends is the peak while it trained. Elsewhere nothing is measured and
 * the Lab says so. The whole process counts: the window, the data and the engine.
 */
public class ProcessMemory {

    private static final Pattern FIELD = Pattern.compile("(?m)^(VmRSS|VmHWM):\\s+(\\d+)\\s+kB");

    private final Path status;
    private final Path clearRefs;

    ProcessMemory(Path status, Path clearRefs) {
        this.status = status;
        this.clearRefs = clearRefs;
    }

    /** This process on Linux; elsewhere every reading is empty. */
    public static ProcessMemory self() {
        return new ProcessMemory(Path.of("/proc/self/status"), Path.of("/proc/self/clear_refs"));
    }

    /** Starts a new peak; false when the peak cannot be reset here (then it is the process's lifetime peak). */
    public boolean resetPeak() {
        try {
            Files.writeString(clearRefs, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public OptionalLong residentBytes() {
        return read("VmRSS");
    }

    public OptionalLong peakResidentBytes() {
        return read("VmHWM");
    }

    private OptionalLong read(String field) {
        try {
            return parse(Files.readString(status, StandardCharsets.US_ASCII), field);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of {@code field} ({@code VmRSS} or {@code VmHWM}) of a status text, in bytes. */
    static OptionalLong parse(String statusText, String field) {
        Matcher m = FIELD.matcher(statusText);
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return OptionalLong.of(Long.parseLong(m.group(2)) * 1024);
            }
        }
        return OptionalLong.empty();
    }
}
