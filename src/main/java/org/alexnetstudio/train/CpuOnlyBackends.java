package org.alexnetstudio.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader that shows ND4J every class and resource of its parent except the CUDA backend's
 * service registration, so that ND4J's backend lookup finds only the CPU backend. Classes still
 * come from the parent (plain delegation), so nothing is loaded twice.
 */
final class CpuOnlyBackends extends ClassLoader {

    static final String SERVICE_FILE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    private static final String CUDA_PACKAGE = "org.nd4j.linalg.jcublas.";

    CpuOnlyBackends(ClassLoader parent) {
        super("nd4j-cpu-only", parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> all = super.getResources(name);
        if (!SERVICE_FILE.equals(name)) {
            return all;
        }
        List<URL> kept = new ArrayList<>();
        for (URL url : Collections.list(all)) {
            if (!namesCudaBackend(url)) {
                kept.add(url);
            }
        }
        return Collections.enumeration(kept);
    }

    @Override
    public URL getResource(String name) {
        if (SERVICE_FILE.equals(name)) {
            try {
                Enumeration<URL> kept = getResources(name);
                return kept.hasMoreElements() ? kept.nextElement() : null;
            } catch (IOException e) {
                return null;
            }
        }
        return super.getResource(name);
    }

    /** Whether a service file registers a backend from ND4J's CUDA package. */
    static boolean namesCudaBackend(URL serviceFile) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(serviceFile.openStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String provider = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (provider.startsWith(CUDA_PACKAGE)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
