package io.blogimages.image.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The WebP walk of {@link MetadataScrubber}: RIFF chunk by chunk, each copied byte for byte or dropped, up to the
 * end the RIFF header announces; whatever follows is dropped.
 *
 * <p>Kept: VP8X (its EXIF and XMP flags rewritten), the ICC profile, the animation chunks and the image data
 * (VP8, VP8L, ALPH). Dropped: {@code XMP }, {@code EXIF} (replaced by a fresh one holding only the orientation,
 * when there is one) and unknown chunks. The RIFF size and the VP8X flags are written last, once the kept chunks
 * are known ({@link #finish}).
 */
final class WebpMetadataScrubber {

    private static final Set<String> KEPT = Set.of("VP8X", "ICCP", "ANIM", "ANMF", "ALPH", "VP8 ", "VP8L");
    private static final int FLAG_EXIF = 0x08;
    private static final int FLAG_XMP = 0x04;
    private static final int FLAG_ANIMATION = 0x02;
    private static final int MAX_EXIF_READ = 1024 * 1024;

    private final boolean strip;
    private final OutputStream out;
    private long written;
    /** Where the copy's VP8X flags byte is (-1: no VP8X), and what it must say once the chunks are known. */
    private long vp8xFlagsAt = -1;
    private int vp8xFlags;

    private WebpMetadataScrubber(OutputStream out) {
        this.strip = out != null;
        this.out = out;
    }

    /** Walks the WebP; with {@code out} null only measures. {@code target} is the file behind {@code out}. */
    static MetadataScrubber.Result scrub(ContainerInput in, OutputStream out, Path target) throws IOException {
        WebpMetadataScrubber scrubber = new WebpMetadataScrubber(out);
        MetadataScrubber.Result result = scrubber.walk(in);
        if (result.changed()) {
            out.flush();
            scrubber.finish(target);
        }
        return result;
    }

    private MetadataScrubber.Result walk(ContainerInput in) throws IOException {
        byte[] header = in.bytes(12); // "RIFF", size, "WEBP": checked by ImageType.detect
        long end = 8 + ByteBuffer.wrap(header, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        write(header);
        boolean changed = false;
        int orientation = 1;
        int frames = 0;
        long framePixels = 0;
        long canvasPixels = 0;
        boolean animated = false;
        while (in.position() < end) {
            byte[] fourcc = in.bytes(4);
            String type = new String(fourcc, StandardCharsets.ISO_8859_1);
            long size = in.u32le();
            long padded = size + (size & 1);
            if (type.equals("VP8X") && size >= 10 && size <= 64) {
                byte[] data = in.bytes((int) padded);
                animated = (data[0] & FLAG_ANIMATION) != 0;
                canvasPixels = (u24le(data, 4) + 1L) * (u24le(data, 7) + 1L);
                vp8xFlags = data[0] & ~(FLAG_EXIF | FLAG_XMP) & 0xFF;
                vp8xFlagsAt = written + 8;
                writeChunk(fourcc, size, data);
            } else if (type.equals("ANMF") && size >= 16) {
                byte[] frame = in.bytes(16);
                frames++;
                framePixels += (u24le(frame, 6) + 1L) * (u24le(frame, 9) + 1L);
                writeChunk(fourcc, size, frame);
                copy(in, padded - 16);
            } else if (type.equals("EXIF") && size <= MAX_EXIF_READ) {
                orientation = ExifOrientation.read(in.bytes((int) padded));
                if (strip) {
                    changed = true;
                    if (orientation != 1) {
                        byte[] minimal = ExifOrientation.minimal(orientation);
                        writeChunk(fourcc, minimal.length, minimal);
                        vp8xFlags |= FLAG_EXIF;
                    }
                }
            } else if (!strip || KEPT.contains(type)) {
                writeChunk(fourcc, size, null);
                copy(in, padded);
            } else {
                in.copy(padded, null);
                changed = true;
            }
        }
        changed |= strip && !in.atEnd();
        long pixels = animated ? framePixels : canvasPixels;
        return new MetadataScrubber.Result(orientation, changed, true, animated ? Math.max(1, frames) : 1, pixels, 0);
    }

    private void copy(ContainerInput in, long length) throws IOException {
        in.copy(length, out);
        written += strip ? length : 0;
    }

    /** The chunk header and, when given, its (padded) data. */
    private void writeChunk(byte[] fourcc, long size, byte[] data) throws IOException {
        if (!strip) {
            return;
        }
        out.write(fourcc);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) size).array());
        written += 8;
        if (data != null) {
            out.write(data);
            written += data.length;
            if (data.length < size + (size & 1)) {
                out.write(0); // the pad byte of a fresh chunk of odd size
                written++;
            }
        }
    }

    private void write(byte[] bytes) throws IOException {
        if (strip) {
            out.write(bytes);
            written += bytes.length;
        }
    }

    /** Writes the RIFF size and VP8X flags of the scrubbed copy in place (after {@code target} was flushed). */
    private void finish(Path target) throws IOException {
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (written - 8)).flip(), 4);
            if (vp8xFlagsAt >= 0) {
                file.write(ByteBuffer.wrap(new byte[] {(byte) vp8xFlags}), vp8xFlagsAt);
            }
        }
    }

    private static int u24le(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8) | ((bytes[offset + 2] & 0xFF) << 16);
    }
}
