package org.alexnetstudio.train.gpu;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the CUDA libraries are looked for, and which one was missing when loading failed. The libraries
 * are the system's (NVIDIA's packages, or NVIDIA's Python wheels): {@value #PATH_VARIABLE} or
 * {@code -D}{@value #PATH_PROPERTY} names extra folders (separated like PATH), which JavaCPP then loads
 * them from before it loads its JNI wrappers; {@code LD_LIBRARY_PATH} works as well.
 */
final class GpuLibraries {

    static final String PATH_VARIABLE = "ALEXNET_CUDA_PATH";
    static final String PATH_PROPERTY = "alexnet.cuda.path";
    private static final String PRELOAD_PATH = "org.bytedeco.javacpp.platform.preloadpath";
    private static final Pattern CANNOT_OPEN = Pattern.compile("([\\w.+-]+\\.so(?:\\.\\d+)*): cannot open shared object file");

    private GpuLibraries() {
    }

    /** The folders the student named (property first, then the environment variable); empty when none. */
    static List<String> extraFolders(String property, String variable) {
        String value = property != null && !property.isBlank() ? property : variable;
        List<String> folders = new ArrayList<>();
        if (value != null) {
            for (String f : value.split(Pattern.quote(File.pathSeparator))) {
                if (!f.isBlank()) {
                    folders.add(f.trim());
                }
            }
        }
        return folders;
    }

    /**
     * Before the first CUDA class loads: the named folders go first in JavaCPP's preload path, and JavaCPP
     * looks in its paths before its own jars (which hold no CUDA libraries).
     */
    static void configure() {
        org.alexnetstudio.train.NativeDefaults.apply();
        List<String> folders = extraFolders(System.getProperty(PATH_PROPERTY), System.getenv(PATH_VARIABLE));
        if (!folders.isEmpty()) {
            String old = System.getProperty(PRELOAD_PATH);
            String joined = String.join(File.pathSeparator, folders);
            System.setProperty(PRELOAD_PATH, old == null || old.isEmpty() ? joined : joined + File.pathSeparator + old);
        }
        if (System.getProperty("org.bytedeco.javacpp.pathsFirst") == null
                && System.getProperty("org.bytedeco.javacpp.pathsfirst") == null) {
            System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
        }
    }

    /** Every message of a failure and its causes, one per line. */
    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                all.append(s.getMessage()).append('\n');
            }
        }
        return all.toString();
    }

    /** The file name of the library the dynamic linker could not find, or null. */
    static String missingLibrary(String messages) {
        Matcher m = CANNOT_OPEN.matcher(messages);
        if (m.find()) {
            return m.group(1);
        }
        return null;
    }

    /**
     * What a failure to load {@code stage}'s JNI wrapper means: the library it names, else the stage
     * itself (the wrapper needs it), else the wrapper is missing from this build.
     */
    static GpuStatus classify(GpuStatus.Missing stage, Throwable error) {
        String text = messages(error);
        String lib = missingLibrary(text);
        if (lib != null) {
            String l = lib.toLowerCase(Locale.ROOT);
            if (l.startsWith("libcuda.so")) {
                return GpuStatus.missing(GpuStatus.Missing.DRIVER, lib);
            }
            if (l.startsWith("libcudart")) {
                return GpuStatus.missing(GpuStatus.Missing.RUNTIME, lib);
            }
            if (l.startsWith("libcublas")) {
                return GpuStatus.missing(GpuStatus.Missing.CUBLAS, lib);
            }
            if (l.startsWith("libcudnn")) {
                return GpuStatus.missing(GpuStatus.Missing.CUDNN, lib);
            }
            if (l.startsWith("libjni")) {
                return GpuStatus.missing(GpuStatus.Missing.BINDINGS, lib);
            }
            return GpuStatus.missing(stage, lib);
        }
        if (text.contains("dependent libraries")) {
            // Windows names the wrapper that failed, not the library it lacks: the stage says which
            return GpuStatus.missing(stage, firstLine(text));
        }
        if (text.contains("no jni")) {
            return GpuStatus.missing(GpuStatus.Missing.BINDINGS, firstLine(text));
        }
        return GpuStatus.missing(stage, firstLine(text));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
