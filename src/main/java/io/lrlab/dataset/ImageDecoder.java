package io.lrlab.dataset;

import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an {@link ImageTree} into {@link LabeledImages} of one size and channel count: each image scaled
 * (bilinear) to the size, turned gray (ITU-R 601 luma) or RGB as the data set is. The size, when not given, is the
 * images' own when they all agree; the channels, when not given, 1 when every image is grayscale, else 3.
 */
public final class ImageDecoder {

    /** The largest side accepted: a 1024x1024x3 image is 3 MB decoded, a few thousand of them what a worker holds. */
    public static final int MAX_SIDE = 1024;

    private ImageDecoder() {
    }

    /** What the headers say; {@code channels} 1 for grayscale. */
    record Header(int height, int width, int channels) {
    }

    /** The size and channels every image will be brought to. */
    public record Shape(int height, int width, int channels) {
    }

    /**
     * Reads every image's header (not its pixels): unreadable images are reported by name, and the shape is decided.
     *
     * @param height 0 for the images' own
     * @param channels 0 to decide from the images
     */
    public static Shape shape(ImageTree tree, int height, int width, int channels, String field) {
        List<ImageTree.Labeled> all = new ArrayList<>(tree.train());
        all.addAll(tree.test());
        Header[] headers = new Header[all.size()];
        IntStream.range(0, all.size()).parallel().forEach(i -> headers[i] = header(all.get(i).file()));
        List<String> unreadable = new ArrayList<>();
        java.util.Set<String> sizes = new java.util.TreeSet<>();
        boolean allGray = true;
        for (int i = 0; i < headers.length; i++) {
            if (headers[i] == null) {
                unreadable.add(tree.root().relativize(all.get(i).file()).toString());
            } else {
                sizes.add(headers[i].height() + "x" + headers[i].width());
                allGray &= headers[i].channels() == 1;
            }
        }
        Collections.sort(unreadable);
        if (!unreadable.isEmpty()) {
            throw new InvalidInputException(List.of(new Violation(field,
                    ImageTree.Problems.listed(unreadable.size() + " images cannot be read", unreadable))));
        }
        if (height <= 0) {
            if (sizes.size() != 1) {
                throw InvalidInputException.of("imageSize", "the images have " + sizes.size() + " sizes (" + String.join(", ",
                        sizes.stream().limit(ImageTree.SHOWN).toList()) + (sizes.size() > ImageTree.SHOWN ? ", ..." : "")
                        + "): give the size to bring them to");
            }
            String[] hw = sizes.iterator().next().split("x");
            height = Integer.parseInt(hw[0]);
            width = Integer.parseInt(hw[1]);
        }
        if (height > MAX_SIDE || width > MAX_SIDE) {
            throw InvalidInputException.of("imageSize", height + "x" + width + " is larger than " + MAX_SIDE + "x" + MAX_SIDE
                    + ": give a smaller imageSize");
        }
        return new Shape(height, width, channels > 0 ? channels : allGray ? 1 : 3);
    }

    private static Header header(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int h = reader.getHeight(0);
                int w = reader.getWidth(0);
                ImageTypeSpecifier type = reader.getRawImageType(0);
                int components = type == null ? 3 : type.getColorModel().getColorSpace().getNumComponents();
                return new Header(h, w, components == 1 ? 1 : 3);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Decodes the images in order, in parallel; an image that fails now (a truncated body) is reported by name. */
    public static LabeledImages decode(ImageTree tree, List<ImageTree.Labeled> files, Shape shape, String field) {
        int image = shape.channels() * shape.height() * shape.width();
        byte[] pixels = new byte[Math.multiplyExact(files.size(), image)];
        byte[] labels = new byte[files.size()];
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            labels[i] = (byte) files.get(i).label();
            if (!decodeInto(files.get(i).file(), shape, pixels, i * image)) {
                failed.add(tree.root().relativize(files.get(i).file()).toString());
            }
        });
        if (!failed.isEmpty()) {
            List<String> sorted = new ArrayList<>(failed);
            Collections.sort(sorted);
            throw new InvalidInputException(List.of(new Violation(field, ImageTree.Problems.listed(sorted.size() + " images cannot be read", sorted))));
        }
        return new LabeledImages(tree.classes(), shape.channels(), shape.height(), shape.width(), pixels, labels);
    }

    /** Decodes one image into {@code out} at {@code offset}, brought to the shape; false when it cannot be read. */
    static boolean decodeInto(Path file, Shape shape, byte[] out, int offset) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (img == null) {
            return false;
        }
        int h = shape.height();
        int w = shape.width();
        if (shape.channels() == 1 && img.getRaster().getNumBands() == 1) {
            // gray stays gray: sampled from the raster, since getRGB would pass it through the linear-gray-to-sRGB curve
            if (img.getWidth() != w || img.getHeight() != h || img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
                img = scaled(img, w, h, BufferedImage.TYPE_BYTE_GRAY);
            }
            int[] samples = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            for (int p = 0; p < samples.length; p++) {
                out[offset + p] = (byte) samples[p];
            }
            return true;
        }
        if (img.getWidth() != w || img.getHeight() != h || img.getType() != BufferedImage.TYPE_INT_RGB) {
            img = scaled(img, w, h, BufferedImage.TYPE_INT_RGB);
        }
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int p = y * w + x;
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (shape.channels() == 1) {
                    out[offset + p] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                } else {
                    out[offset + p] = (byte) r;
                    out[offset + plane + p] = (byte) gr;
                    out[offset + 2 * plane + p] = (byte) b;
                }
            }
        }
        return true;
    }

    /** {@code img} drawn bilinearly into a new {@code w x h} image of {@code type}. */
    private static BufferedImage scaled(BufferedImage img, int w, int h, int type) {
        BufferedImage scaled = new BufferedImage(w, h, type);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return scaled;
    }
}
