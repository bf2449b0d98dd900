package org.alexnetstudio.data;

/** Both splits and where they came from. */
public record FashionMnistData(ImageSet train, ImageSet test, DataSource source) {
}
