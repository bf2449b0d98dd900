package org.alexnetstudio.cli;

import java.io.PrintWriter;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.Networks;
import org.alexnetstudio.train.TrainMessages;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --device cpu|gpu|auto} for the commands that train or predict. */
public final class DeviceOption {

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "auto", converter = Converter.class,
            description = "Run on the CPU, on the GPU (NVIDIA, CUDA 13 + cuDNN 9), or auto: the GPU when a usable "
                    + "one is found (default).")
    DeviceChoice device = DeviceChoice.AUTO;

    public DeviceChoice choice() {
        return device;
    }

    /** Chooses the device and starts it in the background (the GPU's probe, or ND4J's natives). */
    void apply() {
        Networks.choose(device);
        Networks.startAsync();
    }

    /**
     * Waits for the engine. With {@code --device gpu} and no usable GPU, prints the refusal (what is missing,
     * how to get it) and returns null: a CPU run or timing labelled as the GPU's would mislead. With auto
     * and no GPU, says in one sentence why the CPU trains.
     */
    EngineInfo ready(PrintWriter err) {
        Networks.Selection s = Networks.selection();
        if (s.refused()) {
            err.println(refusal(s.gpuMissing()));
            err.flush();
            return null;
        }
        if (s.engine().fellBack()) {
            err.println(s.engine().gpuMissingMessage());
        }
        return s.engine();
    }

    /** Why {@code --device gpu} cannot be honoured here. */
    static String refusal(String why) {
        return TrainMessages.format("device.gpuRefused", why);
    }

    static final class Converter implements ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            try {
                return DeviceChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
