package io.blogimages.image.upload;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Copies a JPEG segment by segment, rewriting only its EXIF (APP1) segment without GPS data, device serial
 * numbers and maker notes (which hide serials too), and dropping XMP packets that carry location or serials.
 * The entropy-coded image data is copied byte for byte, so the pixels are untouched (lossless) and memory stays
 * bounded: commons-imaging only ever sees the EXIF segment (at most 64 KiB), wrapped in a tiny JPEG.
 *
 * <p>The same pass reads the EXIF orientation (kept in the file) and notices a missing end-of-image marker,
 * the mark of a truncated upload.
 */
public final class JpegMetadataScrubber {

    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP_HEADER = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;

    /** Tags that identify the device or its owner (EXIF 2.3 serials, maker notes, DNG camera serial). */
    private static final Set<Integer> DEVICE_TAGS = Set.of(
            ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER.tag,
            ExifTagConstants.EXIF_TAG_LENS_SERIAL_NUMBER.tag,
            ExifTagConstants.EXIF_TAG_CAMERA_OWNER_NAME.tag,
            ExifTagConstants.EXIF_TAG_SERIAL_NUMBER.tag,
            ExifTagConstants.EXIF_TAG_OWNER_NAME.tag,
            ExifTagConstants.EXIF_TAG_MAKER_NOTE.tag,
            0xC62F);

    /** What the pass found: orientation (1 if none), whether anything was removed, whether the file is complete. */
    public record Result(int orientation, boolean changed, boolean complete) {
    }

    private JpegMetadataScrubber() {
    }

    /**
     * Reads {@code source} and writes the scrubbed copy to {@code target} (when {@code strip} is false the copy is
     * identical, and only orientation and completeness are reported).
     */
    public static Result scrub(Path source, Path target, boolean strip) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(source), 65536));
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 65536)) {
            return scrub(in, out, strip);
        } catch (EOFException e) {
            return new Result(1, false, false);
        }
    }

    private static Result scrub(DataInputStream in, OutputStream out, boolean strip) throws IOException {
        if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != SOI) {
            throw new IOException("not a JPEG");
        }
        out.write(0xFF);
        out.write(SOI);
        int orientation = 1;
        boolean changed = false;
        while (true) {
            int marker = nextMarker(in);
            if (marker == EOI) {
                out.write(0xFF);
                out.write(EOI);
                return new Result(orientation, changed, true);
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                out.write(0xFF);
                out.write(marker);
                continue;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                throw new IOException("bad JPEG segment length");
            }
            byte[] payload = new byte[length - 2];
            in.readFully(payload);
            if (marker == APP1 && startsWith(payload, EXIF_HEADER)) {
                ExifResult exif = rewriteExif(payload, strip);
                orientation = exif.orientation;
                changed |= exif.payload != payload;
                payload = exif.payload;
                if (payload == null) {
                    continue;
                }
            } else if (strip && marker == APP1 && startsWith(payload, XMP_HEADER) && revealing(payload)) {
                changed = true;
                continue;
            }
            writeSegment(out, marker, payload);
            if (marker == SOS) {
                return new Result(orientation, changed, copyScanData(in, out));
            }
        }
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        if (b != 0xFF) {
            throw new IOException("JPEG marker expected");
        }
        while (b == 0xFF) {
            b = in.readUnsignedByte(); // fill bytes
        }
        return b;
    }

    private static void writeSegment(OutputStream out, int marker, byte[] payload) throws IOException {
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(payload);
    }

    /** Copies the rest verbatim; true when an end-of-image marker went past (scan data never contains FF D9). */
    private static boolean copyScanData(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[65536];
        boolean sawEnd = false;
        int previous = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (!sawEnd) {
                for (int i = 0; i < n; i++) {
                    int current = buffer[i] & 0xFF;
                    if (previous == 0xFF && current == EOI) {
                        sawEnd = true;
                        break;
                    }
                    previous = current;
                }
            }
        }
        return sawEnd;
    }

    private record ExifResult(int orientation, byte[] payload) {
    }

    /** The EXIF payload without GPS and device tags (null when nothing is left), and the orientation. */
    private static ExifResult rewriteExif(byte[] payload, boolean strip) throws IOException {
        byte[] wrapped = wrap(payload);
        TiffImageMetadata exif;
        try {
            ImageMetadata metadata = Imaging.getMetadata(wrapped);
            exif = metadata instanceof JpegImageMetadata jpeg ? jpeg.getExif() : null;
        } catch (ImagingException | RuntimeException e) {
            // Unreadable EXIF cannot be checked for location data: drop it rather than keep it blindly.
            return new ExifResult(1, strip ? null : payload);
        }
        if (exif == null) {
            return new ExifResult(1, payload);
        }
        int orientation = 1;
        TiffField orientationField = exif.findField(TiffTagConstants.TIFF_TAG_ORIENTATION);
        if (orientationField != null) {
            orientation = orientationField.getIntValue();
        }
        if (!strip) {
            return new ExifResult(orientation, payload);
        }
        TiffOutputSet original = exif.getOutputSet();
        if (!revealing(original)) {
            return new ExifResult(orientation, payload);
        }
        TiffOutputSet kept = new TiffOutputSet(original.byteOrder);
        for (TiffOutputDirectory directory : new ArrayList<>(original.getDirectories())) {
            if (directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_GPS) {
                continue;
            }
            directory.removeField(ExifTagConstants.EXIF_TAG_GPSINFO);
            DEVICE_TAGS.forEach(directory::removeField);
            kept.addDirectory(directory);
        }
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream(wrapped.length);
        // "Lossy" only means commons-imaging lays the TIFF block out afresh (maker notes are gone anyway);
        // it concerns the small EXIF segment, never the image data, which is not even part of `wrapped`.
        new ExifRewriter().updateExifMetadataLossy(wrapped, rewritten, kept);
        return new ExifResult(orientation, exifPayloadOf(rewritten.toByteArray()));
    }

    private static boolean revealing(TiffOutputSet set) {
        for (TiffOutputDirectory directory : set.getDirectories()) {
            if (directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_GPS && !directory.getFields().isEmpty()) {
                return true;
            }
            for (TiffOutputField field : directory.getFields()) {
                if (DEVICE_TAGS.contains(field.tag) || field.tag == ExifTagConstants.EXIF_TAG_GPSINFO.tag) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean revealing(byte[] xmp) {
        String text = new String(xmp, StandardCharsets.UTF_8);
        return text.contains("GPS") || text.contains("SerialNumber");
    }

    private static byte[] wrap(byte[] payload) throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(payload.length + 8);
        jpeg.write(new byte[] {(byte) 0xFF, (byte) SOI});
        writeSegment(jpeg, APP1, payload);
        jpeg.write(new byte[] {(byte) 0xFF, (byte) EOI});
        return jpeg.toByteArray();
    }

    private static byte[] exifPayloadOf(byte[] jpeg) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(jpeg));
        in.skipNBytes(2);
        while (true) {
            int marker = nextMarker(in);
            if (marker == EOI || marker == SOS) {
                return null;
            }
            byte[] payload = new byte[in.readUnsignedShort() - 2];
            in.readFully(payload);
            if (marker == APP1 && startsWith(payload, EXIF_HEADER)) {
                return payload;
            }
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

}
