package org.alexnetstudio.ui;

import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;

/** {@link SpecFormats} through model/'s SpecJson and PyTorchCode. */
final class ModelFormats implements SpecFormats {

    @Override
    public String toJson(NetworkSpec spec) {
        throw new UnsupportedOperationException("SpecJson not merged yet");
    }

    @Override
    public NetworkSpec fromJson(String json) {
        throw new UnsupportedOperationException("SpecJson not merged yet");
    }

    @Override
    public String toPyTorch(NetworkSpec spec) {
        throw new UnsupportedOperationException("PyTorchCode not merged yet");
    }

    @Override
    public NetworkSpec fromPyTorch(String code, Shape input) {
        throw new UnsupportedOperationException("PyTorchCode not merged yet");
    }
}
