package io.lrlab.chart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PNG writer for RGB chart images: the "Sub" row filter and fast deflate.
 * why: ImageIO's PNG writer tries every filter on every row at a high compression level and took most of a
 * chart request's time (ChartBenchmark); charts are mostly flat colour, which Sub plus level-1 deflate packs well.
 */
final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expects TYPE_INT_RGB");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        try {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(width * height / 8);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
                byte[] row = new byte[1 + width * 3];
                row[0] = 1; // Sub: each byte minus the same channel of the pixel to its left
                for (int y = 0; y < height; y++) {
                    int previous = 0;
                    int offset = y * width;
                    for (int x = 0; x < width; x++) {
                        int rgb = pixels[offset + x];
                        int i = 1 + x * 3;
                        row[i] = (byte) ((rgb >> 16) - (previous >> 16));
                        row[i + 1] = (byte) ((rgb >> 8) - (previous >> 8));
                        row[i + 2] = (byte) (rgb - previous);
                        previous = rgb;
                    }
                    z.write(row);
                }
            } finally {
                deflater.end();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.size() + 64);
            DataOutputStream data = new DataOutputStream(out);
            data.write(SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream(13);
            DataOutputStream h = new DataOutputStream(header);
            h.writeInt(width);
            h.writeInt(height);
            h.writeByte(8);  // bit depth
            h.writeByte(2);  // colour type: truecolour
            h.writeByte(0);  // deflate
            h.writeByte(0);  // adaptive filtering
            h.writeByte(0);  // no interlace
            chunk(data, "IHDR", header.toByteArray());
            chunk(data, "IDAT", compressed.toByteArray());
            chunk(data, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        out.writeInt(body.length);
        out.write(name);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }
}
