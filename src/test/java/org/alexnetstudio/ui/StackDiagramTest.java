package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.Test;

class StackDiagramTest {

    @Test
    void theBooksAlexNetIsDrawnWithAllFiveConvAndThreeLinearLayers() {
        List<StackDiagram.Block> blocks = StackDiagram.blocks(Presets.alexnet().analyze(), "Input");
        List<String> kinds = blocks.stream().map(StackDiagram.Block::kind).toList();
        // conv 3 and conv 4 keep 384×12×12, the first two Linear layers keep 4096: still a box each
        assertEquals(List.of("Input", "Conv2d", "MaxPool2d", "Conv2d", "MaxPool2d", "Conv2d", "Conv2d", "Conv2d",
                "MaxPool2d", "Flatten", "Linear", "Linear", "Linear"), kinds);
        assertEquals("384×12×12", blocks.get(6).shape().toString());
        assertEquals("4096", blocks.get(11).shape().toString());
        // ReLU and Dropout after the second Linear (layer 17) fold into its box: layers 17..19
        assertEquals(17, blocks.get(11).first());
        assertEquals(19, blocks.get(11).last());
    }
}
