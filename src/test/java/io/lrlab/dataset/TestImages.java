package io.lrlab.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small images written by tests: a class is a shape (or a brightness), drawn at a random place, so that a net can learn it. */
public final class TestImages {

    private TestImages() {
    }

    /** {@code root/<split>/<class>/<i>.png}, RGB, {@code side x side}. */
    public static void rgbTree(Path root, List<String> classes, int side, int train, int test, long seed) {
        Random random = new Random(seed);
        for (String split : List.of("train", "test")) {
            for (int c = 0; c < classes.size(); c++) {
                int count = split.equals("train") ? train : test;
                for (int i = 0; i < count; i++) {
                    write(root.resolve(split).resolve(classes.get(c)).resolve(i + ".png"), png(shape(c, side, random, BufferedImage.TYPE_INT_RGB)));
                }
            }
        }
    }

    /** {@code root/<class>/<i>.png}, grayscale, one tree. */
    public static void grayTree(Path root, List<String> classes, int side, int perClass, long seed) {
        Random random = new Random(seed);
        for (int c = 0; c < classes.size(); c++) {
            for (int i = 0; i < perClass; i++) {
                write(root.resolve(classes.get(c)).resolve(i + ".png"), png(shape(c, side, random, BufferedImage.TYPE_BYTE_GRAY)));
            }
        }
    }

    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage shape(int c, int side, Random random, int type) {
        BufferedImage image = new BufferedImage(side, side, type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20 + random.nextInt(40), 20 + random.nextInt(40), 20 + random.nextInt(40)));
        g.fillRect(0, 0, side, side);
        g.setColor(c == 0 ? Color.WHITE : c == 1 ? Color.RED : Color.GREEN);
        int s = side / 3;
        int x = random.nextInt(side - s);
        int y = random.nextInt(side - s);
        switch (c % 3) {
            case 0 -> g.fillOval(x, y, s, s);
            case 1 -> g.fillRect(x, y, s, s);
            default -> g.fillPolygon(new int[] {x, x + s, x + s / 2}, new int[] {y + s, y + s, y}, 3);
        }
        g.dispose();
        return image;
    }

    public static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
