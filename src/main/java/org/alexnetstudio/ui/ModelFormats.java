package org.alexnetstudio.ui;

import java.util.Locale;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.PyTorchCode;
import org.alexnetstudio.model.PyTorchParseException;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.SpecFormatException;
import org.alexnetstudio.model.SpecJson;

/** {@link SpecFormats} through model/'s SpecJson and PyTorchCode, with their errors in the UI language. */
public final class ModelFormats implements SpecFormats {

    private final Locale locale;

    public ModelFormats(Locale locale) {
        this.locale = locale;
    }

    @Override
    public String toJson(NetworkSpec spec) {
        return SpecJson.toJson(spec);
    }

    @Override
    public NetworkSpec fromJson(String json) {
        try {
            return SpecJson.fromJson(json);
        } catch (SpecFormatException e) {
            throw new IllegalArgumentException(e.message(locale), e);
        }
    }

    @Override
    public String toPyTorch(NetworkSpec spec) {
        return PyTorchCode.print(spec);
    }

    @Override
    public java.util.Optional<Shape> fittingInput(String code, Shape current) {
        return PyTorchCode.fittingInput(code, current);
    }

    @Override
    public NetworkSpec fromPyTorch(String code, Shape input) {
        try {
            return PyTorchCode.parse(code, input);
        } catch (PyTorchParseException e) {
            throw new IllegalArgumentException(e.message(locale), e);
        }
    }
}
