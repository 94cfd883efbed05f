package io.blogimages.image.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The PNG walk of {@link MetadataScrubber}: chunk by chunk, each copied byte for byte (its CRC included) or
 * dropped, up to IEND; whatever follows IEND is dropped.
 *
 * <p>Kept: the critical chunks, and of the ancillary ones those that say how to show the pixels (transparency,
 * colour space and ICC profile, background, physical size) or animate them (APNG). Dropped: every other ancillary
 * chunk, among them {@code eXIf} (replaced by a fresh one holding only the orientation, when there is one) and the
 * text chunks {@code tEXt}, {@code zTXt}, {@code iTXt}, which carry XMP ({@code XML:com.adobe.xmp}) and
 * ImageMagick's hex-coded EXIF profiles ({@code Raw profile type exif}) as easily as a comment. Unknown critical
 * chunks are kept: a decoder must refuse them, so they can only make the file fail.
 */
final class PngMetadataScrubber {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Set<String> KEPT_ANCILLARY = Set.of("tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP",
            "mDCV", "cLLI", "bKGD", "hIST", "pHYs", "sPLT", "acTL", "fcTL", "fdAT");
    /** Larger eXIf chunks are not read for their orientation (camera EXIF is at most 64 KiB). */
    private static final int MAX_EXIF_READ = 1024 * 1024;

    private PngMetadataScrubber() {
    }

    static MetadataScrubber.Result scrub(ContainerInput in, OutputStream out) throws IOException {
        boolean strip = out != null;
        for (byte expected : SIGNATURE) {
            if (in.u8() != (expected & 0xFF)) {
                throw new IOException("not a PNG");
            }
        }
        if (strip) {
            out.write(SIGNATURE);
        }
        boolean changed = false;
        int orientation = 1;
        long stillPixels = 0;
        int animationFrames = 0;
        long animationPixels = 0;
        while (true) {
            long length = in.u32be();
            if (length > Integer.MAX_VALUE) {
                throw new IOException("bad PNG chunk length");
            }
            byte[] typeBytes = in.bytes(4);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            if (type.equals("IHDR") || type.equals("fcTL") || (type.equals("eXIf") && length <= MAX_EXIF_READ)) {
                // Small chunks whose content counts: read whole, then written (or not) as they were.
                byte[] data = in.bytes((int) length);
                byte[] crc = in.bytes(4);
                ByteBuffer fields = ByteBuffer.wrap(data);
                if (type.equals("IHDR") && data.length >= 8) {
                    stillPixels = Integer.toUnsignedLong(fields.getInt(0)) * Integer.toUnsignedLong(fields.getInt(4));
                } else if (type.equals("fcTL") && data.length >= 12) {
                    animationFrames++;
                    animationPixels += Integer.toUnsignedLong(fields.getInt(4)) * Integer.toUnsignedLong(fields.getInt(8));
                }
                if (type.equals("eXIf")) {
                    orientation = ExifOrientation.read(data);
                    if (strip) {
                        changed = true;
                        if (orientation != 1) {
                            writeChunk(out, "eXIf", ExifOrientation.minimal(orientation));
                        }
                    }
                    continue;
                }
                if (strip) {
                    writeChunk(out, typeBytes, data, crc);
                }
                continue;
            }
            boolean critical = (typeBytes[0] & 0x20) == 0;
            if (strip && !critical && !KEPT_ANCILLARY.contains(type)) {
                in.copy(length + 4, null);
                changed = true;
                continue;
            }
            if (strip) {
                out.write(ByteBuffer.allocate(4).putInt((int) length).array());
                out.write(typeBytes);
            }
            in.copy(length + 4, out); // data and CRC
            if (type.equals("IEND")) {
                changed |= strip && !in.atEnd();
                int frames = Math.max(1, animationFrames);
                long pixels = animationFrames > 0 ? animationPixels : stillPixels;
                return new MetadataScrubber.Result(orientation, changed, true, frames, pixels, 0);
            }
        }
    }

    private static void writeChunk(OutputStream out, byte[] type, byte[] data, byte[] crc) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type);
        out.write(data);
        out.write(crc);
    }

    private static void writeChunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeChunk(out, typeBytes, data, ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
