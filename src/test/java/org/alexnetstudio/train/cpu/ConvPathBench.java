package org.alexnetstudio.train.cpu;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.CpuIsa;
import org.alexnetstudio.train.EngineBootstrap;
import org.alexnetstudio.train.SgdOptimizer;

/**
 * Benchmark (not a test): the training step with libnd4j's conv2d/conv2d_bp (oneDNN) against
 * {@link ConvGemm} (im2col and GEMMs), alternating rounds in one JVM so that the machine's other
 * load falls on both alike. Run under {@code ISA=avx2} (bench/isa-env.sh) to see an AVX2 machine.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:target/libs/* org.alexnetstudio.train.cpu.ConvPathBench \
 *     [preset] [resize] [batch] [rounds] [steps per round]
 * </pre>
 */
public final class ConvPathBench {

    private ConvPathBench() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "alexnet-mini";
        int resize = args.length > 1 ? Integer.parseInt(args[1]) : 28;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        EngineBootstrap.awaitReady();
        NetworkSpec spec = Presets.byId(preset).orElseThrow().spec().withResize(resize);
        ConvGemm.forced = "onednn";
        CpuNetwork onednn = CpuNetwork.build(spec, 1);
        ConvGemm.forced = "gemm";
        CpuNetwork gemm = CpuNetwork.build(spec, 1);
        ConvGemm.forced = null;
        Random random = new Random(1);
        float[] images = new float[(int) (batch * spec.input().elements())];
        for (int k = 0; k < images.length; k++) {
            images[k] = random.nextFloat();
        }
        int[] labels = new int[batch];
        for (int k = 0; k < batch; k++) {
            labels[k] = random.nextInt(10);
        }
        SgdOptimizer sgd = new SgdOptimizer(0.01, 0.9, 5e-4);
        for (int k = 0; k < 3; k++) {
            onednn.trainStep(images, labels, batch, sgd);
            gemm.trainStep(images, labels, batch, sgd);
        }
        double[][] ms = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int which = 0; which < 2; which++) {
                CpuNetwork net = which == 0 ? onednn : gemm;
                double[] t = new double[steps];
                for (int s = 0; s < steps; s++) {
                    long t0 = System.nanoTime();
                    net.trainStep(images, labels, batch, sgd);
                    t[s] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(t);
                ms[which][r] = t[steps / 2];
            }
            System.out.printf(Locale.ROOT, "round %d: oneDNN conv %.1f ms, GEMM conv %.1f ms (load %s)%n", r + 1,
                    ms[0][r], ms[1][r], load());
        }
        Arrays.sort(ms[0]);
        Arrays.sort(ms[1]);
        System.out.printf(Locale.ROOT, "%s %d/%d, %s, %d shards: median step oneDNN conv %.1f ms, GEMM conv %.1f ms (%.2f×)%n",
                preset, resize, batch, CpuIsa.current().label(), onednn.trainingShards(), ms[0][rounds / 2],
                ms[1][rounds / 2], ms[0][rounds / 2] / ms[1][rounds / 2]);
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
