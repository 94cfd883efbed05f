package io.blogimages.image.upload;

import org.apache.commons.imaging.Imaging;
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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;

/**
 * The JPEG walk of {@link MetadataScrubber}: marker segments up to each start of scan, the entropy-coded data
 * of each scan to the next marker (copied byte for byte), until the end-of-image marker; whatever follows it is
 * dropped (MPF secondary images, gain maps, motion-photo videos).
 *
 * <p>Kept: the JFIF header, the first EXIF segment (before the first scan) rewritten by Commons Imaging without
 * its GPS directory, device serial numbers, maker notes (which hide serials too) and embedded thumbnail (a JPEG
 * of its own, which may carry its own metadata), ICC profiles, the Adobe segment (it says how CMYK/YCCK colours
 * are coded) and every segment the decoder needs. Dropped: every other APPn segment wherever it stands, before or
 * between scans (further EXIF, XMP and extended XMP, MPF, FlashPix, IPTC/Photoshop, JUMBF...) and comments.
 * Commons Imaging only ever sees the EXIF segment (at most 64 KiB), wrapped in a tiny JPEG; memory stays bounded.
 */
final class JpegMetadataScrubber {

    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] JFIF_HEADER = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] JFXX_HEADER = "JFXX\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC_HEADER = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ADOBE_HEADER = "Adobe".getBytes(StandardCharsets.ISO_8859_1);
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final int COM = 0xFE;

    /** Tags that identify the device or its owner (EXIF 2.3 serials, maker notes, DNG camera serial). */
    private static final Set<Integer> DEVICE_TAGS = Set.of(
            ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER.tag,
            ExifTagConstants.EXIF_TAG_LENS_SERIAL_NUMBER.tag,
            ExifTagConstants.EXIF_TAG_CAMERA_OWNER_NAME.tag,
            ExifTagConstants.EXIF_TAG_SERIAL_NUMBER.tag,
            ExifTagConstants.EXIF_TAG_OWNER_NAME.tag,
            ExifTagConstants.EXIF_TAG_MAKER_NOTE.tag,
            0xC62F);

    private JpegMetadataScrubber() {
    }

    /** Walks the JPEG; with {@code out} null only measures (orientation, completeness, scans). */
    static MetadataScrubber.Result scrub(ContainerInput in, OutputStream out) throws IOException {
        boolean strip = out != null;
        if (in.u8() != 0xFF || in.u8() != SOI) {
            throw new IOException("not a JPEG");
        }
        write(out, 0xFF, SOI);
        int orientation = 1;
        boolean changed = false;
        boolean exifSeen = false;
        int scans = 0;
        int marker = nextMarker(in);
        while (true) {
            if (marker == EOI) {
                write(out, 0xFF, EOI);
                // Anything after the end of the image: MPF secondary images, gain maps, motion-photo videos.
                changed |= strip && !in.atEnd();
                return new MetadataScrubber.Result(orientation, changed, true, 1, 0, scans);
            }
            if (marker == SOI) {
                throw new IOException("a second start of image inside the image");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                write(out, 0xFF, marker);
                marker = nextMarker(in);
                continue;
            }
            int length = in.u16be();
            if (length < 2) {
                throw new IOException("bad JPEG segment length");
            }
            byte[] payload = in.bytes(length - 2);
            if (marker == APP1 && !exifSeen && scans == 0 && startsWith(payload, EXIF_HEADER)) {
                exifSeen = true;
                ExifResult exif = rewriteExif(payload, strip);
                orientation = exif.orientation;
                changed |= exif.payload != payload;
                if (exif.payload != null) {
                    writeSegment(out, marker, exif.payload);
                }
            } else if (strip && !kept(marker, payload)) {
                changed = true;
            } else {
                writeSegment(out, marker, payload);
            }
            if (marker == SOS) {
                scans++;
                marker = in.copyEntropyCoded(out);
            } else {
                marker = nextMarker(in);
            }
        }
    }

    /** The segments a stripped JPEG keeps: all but APPn and comments, and of those the few the pixels need. */
    private static boolean kept(int marker, byte[] payload) {
        if (marker == COM) {
            return false;
        }
        if (marker < APP0 || marker > APP15) {
            return true;
        }
        return switch (marker) {
            case APP0 -> startsWith(payload, JFIF_HEADER) || startsWith(payload, JFXX_HEADER);
            case APP2 -> startsWith(payload, ICC_HEADER);
            case APP14 -> startsWith(payload, ADOBE_HEADER);
            default -> false;
        };
    }

    private static int nextMarker(ContainerInput in) throws IOException {
        int b = in.u8();
        if (b != 0xFF) {
            throw new IOException("JPEG marker expected");
        }
        while (b == 0xFF) {
            b = in.u8(); // fill bytes
        }
        return b;
    }

    private static void write(OutputStream out, int first, int second) throws IOException {
        if (out != null) {
            out.write(first);
            out.write(second);
        }
    }

    private static void writeSegment(OutputStream out, int marker, byte[] payload) throws IOException {
        if (out == null) {
            return;
        }
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(payload);
    }

    private record ExifResult(int orientation, byte[] payload) {
    }

    /**
     * The EXIF payload without GPS, device tags and thumbnail (null when it is dropped), and the orientation. An
     * EXIF block that cannot be read or rewritten cannot be checked for location data: it is dropped rather than
     * kept blindly.
     */
    private static ExifResult rewriteExif(byte[] payload, boolean strip) {
        byte[] wrapped;
        TiffImageMetadata exif;
        int orientation = 1;
        try {
            wrapped = wrap(payload);
            ImageMetadata metadata = Imaging.getMetadata(wrapped);
            exif = metadata instanceof JpegImageMetadata jpeg ? jpeg.getExif() : null;
            TiffField orientationField = exif == null ? null : exif.findField(TiffTagConstants.TIFF_TAG_ORIENTATION);
            if (orientationField != null) {
                orientation = orientationField.getIntValue();
            }
        } catch (IOException | RuntimeException e) {
            return new ExifResult(1, strip ? null : payload);
        }
        if (!strip) {
            return new ExifResult(orientation, payload);
        }
        if (exif == null) {
            return new ExifResult(1, null);
        }
        try {
            TiffOutputSet original = exif.getOutputSet();
            if (!revealing(original)) {
                return new ExifResult(orientation, payload);
            }
            TiffOutputSet kept = new TiffOutputSet(original.byteOrder);
            for (TiffOutputDirectory directory : new ArrayList<>(original.getDirectories())) {
                if (directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_GPS
                        || directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_THUMBNAIL) {
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
        } catch (IOException | RuntimeException e) {
            // Not rewritable: a fresh EXIF with the orientation alone keeps the picture upright.
            return new ExifResult(orientation, orientation == 1 ? null : minimalExif(orientation));
        }
    }

    private static byte[] minimalExif(int orientation) {
        byte[] tiff = ExifOrientation.minimal(orientation);
        byte[] payload = Arrays.copyOf(EXIF_HEADER, EXIF_HEADER.length + tiff.length);
        System.arraycopy(tiff, 0, payload, EXIF_HEADER.length, tiff.length);
        return payload;
    }

    /** GPS data, a device tag, or an embedded thumbnail (a JPEG that may carry metadata of its own). */
    private static boolean revealing(TiffOutputSet set) {
        for (TiffOutputDirectory directory : set.getDirectories()) {
            if (directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_GPS && !directory.getFields().isEmpty()) {
                return true;
            }
            if (directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_THUMBNAIL) {
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

    private static byte[] wrap(byte[] payload) throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(payload.length + 8);
        jpeg.write(new byte[] {(byte) 0xFF, (byte) SOI});
        writeSegment(jpeg, APP1, payload);
        jpeg.write(new byte[] {(byte) 0xFF, (byte) EOI});
        return jpeg.toByteArray();
    }

    private static byte[] exifPayloadOf(byte[] jpeg) throws IOException {
        ContainerInput in = new ContainerInput(new ByteArrayInputStream(jpeg));
        in.copy(2, null);
        while (true) {
            int marker = nextMarker(in);
            if (marker == EOI || marker == SOS) {
                return null;
            }
            byte[] payload = in.bytes(in.u16be() - 2);
            if (marker == APP1 && startsWith(payload, EXIF_HEADER)) {
                return payload;
            }
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

}
