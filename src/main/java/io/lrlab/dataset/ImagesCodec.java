package io.lrlab.dataset;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded images as bytes: a magic and a version, the class names, channels, height, width and count, the labels,
 * then the pixels. The local cache's files and the stored content of registered data sets (train, then test) use it.
 */
final class ImagesCodec {

    private static final int MAGIC = 0x4c52494d; // "LRIM"
    private static final int VERSION = 1;

    private ImagesCodec() {
    }

    static void write(DataOutputStream out, LabeledImages images) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(images.classes().size());
        for (String c : images.classes()) {
            out.writeUTF(c);
        }
        out.writeInt(images.channels());
        out.writeInt(images.height());
        out.writeInt(images.width());
        out.writeInt(images.size());
        out.write(images.labels());
        out.write(images.pixels());
    }

    static LabeledImages read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not decoded images");
        }
        int classCount = in.readInt();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < classCount; i++) {
            classes.add(in.readUTF());
        }
        int c = in.readInt();
        int h = in.readInt();
        int w = in.readInt();
        int n = in.readInt();
        byte[] labels = new byte[n];
        in.readFully(labels);
        byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(n, c), Math.multiplyExact(h, w))];
        in.readFully(pixels);
        return new LabeledImages(classes, c, h, w, pixels, labels);
    }
}
