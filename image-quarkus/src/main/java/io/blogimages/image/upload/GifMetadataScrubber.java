package io.blogimages.image.upload;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The GIF walk of {@link MetadataScrubber}: block by block, up to the trailer; whatever follows it is dropped.
 *
 * <p>Kept: the screen descriptor and colour tables, every frame (image descriptor and LZW data, copied byte for
 * byte), graphic control and plain-text extensions, and the application extensions that animate (NETSCAPE2.0,
 * ANIMEXTS1.0) or hold an ICC profile (ICCRGBG1). Dropped: comment extensions and every other application
 * extension, XMP ({@code XMP DataXMP}, whose "magic trailer" makes it read as ordinary sub-blocks) and Photoshop/IPTC
 * blocks (ImageMagick's {@code MGK8BIM0000}, {@code MGKIPTC0000}) among them.
 */
final class GifMetadataScrubber {

    private static final int EXTENSION = 0x21;
    private static final int IMAGE = 0x2C;
    private static final int TRAILER = 0x3B;
    private static final int GRAPHIC_CONTROL = 0xF9;
    private static final int PLAIN_TEXT = 0x01;
    private static final int APPLICATION = 0xFF;
    private static final Set<String> KEPT_APPLICATIONS = Set.of("NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012");

    private GifMetadataScrubber() {
    }

    static MetadataScrubber.Result scrub(ContainerInput in, OutputStream out) throws IOException {
        boolean strip = out != null;
        in.copy(6, out); // GIF87a / GIF89a, checked by ImageType.detect
        byte[] screen = in.bytes(7);
        write(out, screen);
        if ((screen[4] & 0x80) != 0) {
            in.copy(3L << ((screen[4] & 7) + 1), out);
        }
        boolean changed = false;
        int frames = 0;
        long pixels = 0;
        while (true) {
            int block = in.read();
            if (block < 0) {
                if (frames == 0) {
                    throw new EOFException();
                }
                // No trailer after whole frames: decoders show such files, so they are taken, and closed properly.
                write(out, new byte[] {TRAILER});
                return new MetadataScrubber.Result(1, strip, true, frames, pixels, 0);
            }
            if (block == TRAILER) {
                write(out, new byte[] {TRAILER});
                changed |= strip && !in.atEnd();
                return new MetadataScrubber.Result(1, changed, true, Math.max(1, frames), pixels, 0);
            }
            if (block == IMAGE) {
                byte[] descriptor = in.bytes(9);
                frames++;
                pixels += (long) u16le(descriptor, 4) * u16le(descriptor, 6);
                write(out, new byte[] {IMAGE});
                write(out, descriptor);
                if ((descriptor[8] & 0x80) != 0) {
                    in.copy(3L << ((descriptor[8] & 7) + 1), out);
                }
                in.copy(1, out); // LZW minimum code size
                copySubBlocks(in, out);
            } else if (block == EXTENSION) {
                int label = in.u8();
                byte[] first = subBlock(in);
                boolean kept = !strip || label == GRAPHIC_CONTROL || label == PLAIN_TEXT
                        || (label == APPLICATION && first.length == 11
                        && KEPT_APPLICATIONS.contains(new String(first, StandardCharsets.ISO_8859_1)));
                OutputStream target = kept ? out : null;
                write(target, new byte[] {EXTENSION, (byte) label, (byte) first.length});
                write(target, first);
                if (first.length > 0) {
                    copySubBlocks(in, target);
                }
                changed |= !kept;
            } else {
                throw new IOException("unknown GIF block 0x" + Integer.toHexString(block));
            }
        }
    }

    private static byte[] subBlock(ContainerInput in) throws IOException {
        return in.bytes(in.u8());
    }

    /** Sub-blocks up to and including the zero-length terminator. */
    private static void copySubBlocks(ContainerInput in, OutputStream out) throws IOException {
        while (true) {
            int size = in.u8();
            if (out != null) {
                out.write(size);
            }
            if (size == 0) {
                return;
            }
            in.copy(size, out);
        }
    }

    private static int u16le(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8);
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        if (out != null) {
            out.write(bytes);
        }
    }
}
