import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Test images for the bench, made on the spot so nothing binary is committed.
 *
 * <pre>
 *   java MakeImages.java noise-png FILE BYTES   a PNG of random RGB pixels (stored deflate: it does not compress),
 *                                               about BYTES long, 4000 pixels wide
 *   java MakeImages.java photo-jpeg FILE W H    a photo-like JPEG (gradients and soft detail, quality 0.85)
 * </pre>
 * Random pixels make the upload bytes incompressible, so no layer can cheat by compressing; the PNG decodes
 * like any other, so the image service does its full check (type, header, subsampled decode, thumbnail).
 */
public class MakeImages {

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "noise-png" -> noisePng(Path.of(args[1]), Long.parseLong(args[2]));
            case "photo-jpeg" -> photoJpeg(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void noisePng(Path file, long bytes) throws IOException {
        int width = 4000;
        int rowBytes = 1 + 3 * width; // filter byte + RGB
        int height = (int) Math.max(1, bytes / rowBytes);
        SplittableRandom random = new SplittableRandom(42);
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             DataOutputStream out = new DataOutputStream(raw)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            var ihdr = new java.io.ByteArrayOutputStream();
            var h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, no filter method extras, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            // One IDAT per 64 rows keeps every chunk small and the whole file streamable.
            byte[] row = new byte[rowBytes];
            int rowsPerChunk = 64;
            Deflater deflater = new Deflater(Deflater.NO_COMPRESSION);
            var zbuf = new java.io.ByteArrayOutputStream(rowBytes * rowsPerChunk + 4096);
            DeflaterOutputStream z = new DeflaterOutputStream(zbuf, deflater, 1 << 16, true);
            for (int y = 0; y < height; y++) {
                row[0] = 0;
                for (int x = 1; x < rowBytes; x += 8) {
                    long r = random.nextLong();
                    for (int k = 0; k < 8 && x + k < rowBytes; k++) {
                        row[x + k] = (byte) (r >>> (8 * k));
                    }
                }
                z.write(row);
                if ((y + 1) % rowsPerChunk == 0 || y == height - 1) {
                    if (y == height - 1) {
                        z.finish();
                    } else {
                        z.flush();
                    }
                    chunk(out, "IDAT", zbuf.toByteArray());
                    zbuf.reset();
                }
            }
            chunk(out, "IEND", new byte[0]);
        }
    }

    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    static void photoJpeg(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width, v = (double) y / height;
                int r = (int) (120 + 90 * Math.sin(6 * u + 2 * v) + random.nextInt(12));
                int g = (int) (110 + 80 * Math.cos(5 * v - 3 * u) + random.nextInt(12));
                int b = (int) (100 + 70 * Math.sin(9 * u * v + 1) + random.nextInt(12));
                image.setRGB(x, y, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
            }
        }
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.85f);
        try (var out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        }
        writer.dispose();
    }

    static int clamp(int c) {
        return Math.max(0, Math.min(255, c));
    }
}
