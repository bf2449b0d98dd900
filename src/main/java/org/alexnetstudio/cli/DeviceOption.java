package org.alexnetstudio.cli;

import java.io.PrintWriter;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.EngineBootstrap;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.TrainMessages;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --device cpu|gpu|auto} for the commands that train; applied before ND4J loads. */
public final class DeviceOption {

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "auto", converter = Converter.class,
            description = "Train on the CPU, on the GPU (CUDA build), or auto: the GPU when one is found (default).")
    DeviceChoice device = DeviceChoice.AUTO;

    public DeviceChoice choice() {
        return device;
    }

    /** Call before anything starts ND4J. */
    void apply(PrintWriter err) {
        if (!EngineBootstrap.chooseDevice(device)) {
            err.println("--device " + device.id() + " ignored: the engine already started with "
                    + EngineBootstrap.deviceChoice().id());
        }
    }

    /** After the engine started: say so when the GPU was asked for and training is on the CPU. */
    static void warnIfGpuMissing(EngineInfo engine, PrintWriter err) {
        if (engine.gpuMissing()) {
            err.println(engine.gpuMissingMessage());
        }
    }

    /** Why {@code --device gpu} cannot be honoured here (the engine runs on the CPU). */
    static String gpuRefusal(EngineInfo engine) {
        String why = engine.fellBack() ? TrainMessages.format("device.gpuNotFound")
                : engine.requested() == DeviceChoice.GPU ? TrainMessages.format("device.gpuNotInBuild")
                : "the engine already started on the CPU in this process";
        return "--device gpu: no GPU to run on: " + why + ". Use --device cpu (or auto) to measure the CPU.";
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
