package org.alexnetstudio.ui.shared;

/**
 * "Why did it say that?" for one picture: what the Mistakes gallery, the Predict tab or the dataset
 * browser hand to the Explain tab. The picture is a 28×28 Fashion-MNIST item (white on black), which
 * becomes the network's input through {@code PictureInput.networkInput}, as everywhere else.
 *
 * @param item       28×28 unsigned bytes
 * @param title      what the picture is ("Test image 123", "Your drawing", a file name)
 * @param trueLabel  its class when known (test and training images), else −1: then the second class
 *                   compared is the network's second choice
 */
public record ExplainRequest(byte[] item, String title, int trueLabel) {

    public ExplainRequest {
        if (item.length != 28 * 28) {
            throw new IllegalArgumentException("an item is 28×28 = 784 bytes, not " + item.length);
        }
    }
}
