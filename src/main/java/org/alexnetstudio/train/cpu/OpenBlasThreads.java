package org.alexnetstudio.train.cpu;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.presets.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets OpenBLAS's thread count through a function pointer looked up once.
 *
 * <p>ND4J's {@code Blas.setMaxThreads} looks its four candidate symbols up again on every call with
 * JavaCPP's {@code Loader.addressof}: on Linux a {@code dl_iterate_phdr} walk that calls
 * {@code dlsym} inside it. glibc takes its loader locks in the opposite order there from
 * {@code dlopen}, so another thread that maps a library at that moment (the window loading AWT for a
 * PNG, GTK a module, JavaFX a renderer) and this one block each other for good; the JVM's own native
 * method lookups then wait behind them and the whole app freezes. A split step switched twice per
 * step, so any training run was exposed. Here the walk happens once, on first use; every later
 * switch is a plain call. ND4J's own bookkeeping ({@code getMaxThreads}) is left as it was.
 */
final class OpenBlasThreads {

    private OpenBlasThreads() {
    }

    /** Sets the count, or falls back to ND4J's call where this OpenBLAS has no such symbol. */
    static void set(int threads) {
        Setter setter = Holder.SETTER;
        if (setter != null) {
            setter.call(threads);
        } else {
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }

    private static final class Holder {
        static final Setter SETTER = lookUp();

        private static Setter lookUp() {
            Nd4j.factory().blas(); // ND4J loads OpenBLAS first, so the same copy is found
            Loader.load(openblas_nolapack.class);
            Pointer address = Loader.addressof("openblas_set_num_threads");
            return address == null || address.isNull() ? null : new Setter(address);
        }
    }

    /** The preset's function-pointer type, with its native thunk allocated once. */
    private static final class Setter extends openblas_nolapack.SetNumThreads {
        Setter(Pointer function) {
            super();
            put(function);
        }
    }
}
