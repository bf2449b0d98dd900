package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.alexnetstudio.train.DeviceChoice;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeviceOptionTest {

    private static DeviceChoice parsed(String command, String... args) {
        CommandLine cl = Cli.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        Object c = cl.getSubcommands().get(command).getCommand();
        return c instanceof TrainCommand t ? t.device.choice()
                : c instanceof PredictCommand p ? p.device.choice() : ((BenchCommand) c).device.choice();
    }

    @Test
    void trainAndBenchTakeDevice() {
        assertEquals(DeviceChoice.AUTO, parsed("train"));
        assertEquals(DeviceChoice.CPU, parsed("train", "--device", "cpu"));
        assertEquals(DeviceChoice.GPU, parsed("bench", "--device", "GPU"));
        assertEquals(DeviceChoice.AUTO, parsed("bench", "--device=auto"));
        assertEquals(DeviceChoice.GPU, parsed("predict", "--checkpoint", "x.ckpt", "--test-indices", "0", "--device", "gpu"));
    }

    /** Where no GPU is usable (CI, the 2-core machine): skipped with the reason elsewhere. */
    private static String noGpuHere() {
        String why = new org.alexnetstudio.train.gpu.GpuBackend().unavailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(why != null, "this machine has a usable GPU");
        return why;
    }

    @Test
    void askingForAMissingGpuIsRefusedWithWhatIsMissingAndNoStackTrace() {
        String why = noGpuHere();
        for (String[] args : new String[][] {{"bench", "--preset", "lenet", "--steps", "1", "--warmup", "0", "--device", "gpu"},
            {"train", "--preset", "lenet", "--device", "gpu", "--epochs", "1", "--train-limit", "8", "--test-limit", "8"},
            {"bench-explain", "--preset", "lenet", "--repeats", "1", "--skip-slow", "--device", "gpu"}}) {
            var r = TrainCommandTest.run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--device gpu: no usable GPU here: " + why + "."), r.err());
            assertTrue(r.err().contains("Use --device cpu (or auto)"), r.err());
            assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void automaticFallsBackToTheCpuAndSaysWhyInOneSentence() {
        String why = noGpuHere();
        var r = TrainCommandTest.run("bench", "--preset", "lenet", "--steps", "1", "--warmup", "0", "--batch", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("No usable GPU, so training runs on the CPU: " + why + "."), r.err());
        assertTrue(r.out().contains("examples/sec on cpu"), r.out());
    }

    @Test
    void anUnknownDeviceExitsWith2AndSaysWhatIsAccepted() {
        var r = TrainCommandTest.run("train", "--preset", "lenet", "--device", "tpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown device \"tpu\": use cpu, gpu or auto."), r.err());
    }

    @Test
    void helpListsTheChoices() {
        for (String command : new String[] {"train", "bench", "predict", "explain", "bench-explain"}) {
            var r = TrainCommandTest.run(command, "--help");
            assertTrue(r.out().contains("--device=cpu|gpu|auto"), r.out());
        }
    }
}
