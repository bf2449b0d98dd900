package org.alexnetstudio.train;

import java.util.ServiceLoader;
import org.alexnetstudio.model.NetworkSpec;

/** Builds networks on the backend this process trains with. */
public final class Networks {

    private static volatile Backend backend;

    private Networks() {
    }

    /** A network with the book's initialisation on this process's backend. */
    public static Network build(NetworkSpec spec, long seed) {
        return backend().build(spec, seed);
    }

    /** The backend: the first one registered (today the CPU's). */
    public static Backend backend() {
        Backend b = backend;
        if (b == null) {
            synchronized (Networks.class) {
                b = backend;
                if (b == null) {
                    b = ServiceLoader.load(Backend.class, Networks.class.getClassLoader()).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no training backend on the class path"));
                    backend = b;
                }
            }
        }
        return b;
    }
}
