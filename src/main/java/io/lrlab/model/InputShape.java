package io.lrlab.model;

/** What a network is built for: the images' height, width and channels, and the number of classes. */
public record InputShape(int height, int width, int channels, int classes) {

    /** CIFAR-10's: 32x32 RGB, 10 classes. */
    public static final InputShape CIFAR10 = new InputShape(32, 32, 3, 10);

    public InputShape {
        if (height < 1 || width < 1 || (channels != 1 && channels != 3) || classes < 2) {
            throw new IllegalArgumentException("an input shape needs a positive size, 1 or 3 channels and at least 2 classes, not "
                    + height + "x" + width + "x" + channels + " with " + classes + " classes");
        }
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels + ", " + classes + " classes";
    }
}
