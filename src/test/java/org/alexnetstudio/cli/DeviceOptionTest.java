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
        return c instanceof TrainCommand t ? t.device.choice() : ((BenchCommand) c).device.choice();
    }

    @Test
    void trainAndBenchTakeDevice() {
        assertEquals(DeviceChoice.AUTO, parsed("train"));
        assertEquals(DeviceChoice.CPU, parsed("train", "--device", "cpu"));
        assertEquals(DeviceChoice.GPU, parsed("bench", "--device", "GPU"));
        assertEquals(DeviceChoice.AUTO, parsed("bench", "--device=auto"));
    }

    @Test
    void anUnknownDeviceExitsWith2AndSaysWhatIsAccepted() {
        var r = TrainCommandTest.run("train", "--preset", "lenet", "--device", "tpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown device \"tpu\": use cpu, gpu or auto."), r.err());
    }

    @Test
    void helpListsTheChoices() {
        for (String command : new String[] {"train", "bench"}) {
            var r = TrainCommandTest.run(command, "--help");
            assertTrue(r.out().contains("--device=cpu|gpu|auto"), r.out());
        }
    }
}
