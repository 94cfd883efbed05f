package io.blogimages.image.support;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.GpsTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Images carrying location data and device serials in every place phones and cameras put them, built in code the
 * way those devices lay them out. Every marker string below must be gone from a stored copy.
 */
public final class PhoneImages {

    public static final String BODY_SERIAL = "BODY-123456";
    public static final String LENS_SERIAL = "LENS-654321";
    public static final String XMP_SERIAL = "XMP-SERIAL-777";
    public static final String EXTENDED_XMP_SERIAL = "EXT-SERIAL-888";
    public static final String SECONDARY_SERIAL = "SECOND-SERIAL-999";
    /** Berlin, in the spellings of XMP, ISO 6709 (MP4 and QuickTime) and text. */
    public static final List<String> MARKERS = List.of("GPS", "Gps", BODY_SERIAL, LENS_SERIAL, XMP_SERIAL,
            EXTENDED_XMP_SERIAL, SECONDARY_SERIAL, "52,31.2N", "13,24.3E", "+52.5200+013.4050", "52.5200", "Berlin",
            "48.8584", "ns.adobe.com", "MPF", "ftyp", "moov", "Raw profile", "Photoshop");

    private PhoneImages() {
    }

    /**
     * A progressive JPEG as a phone writes a multi-picture / Ultra HDR / motion photo: EXIF with orientation, GPS
     * and serials; XMP and extended XMP with GPS and serials; an MPF index; an ICC profile; Photoshop/IPTC with a
     * city; a comment; a second EXIF with GPS between the first and second scans; after EOI a secondary JPEG (the
     * gain map or MPF second picture) with its own EXIF and GPS, then an MP4-like motion-photo trailer.
     */
    public static byte[] jpeg(int width, int height, int orientation) {
        byte[] base = progressiveJpeg(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base, 0, 2); // SOI
        int afterApp0 = 2 + 2 + u16(base, 4); // ImageIO writes JFIF APP0 first
        out.write(base, 2, afterApp0 - 2);
        segment(out, 0xE1, concat(ascii("Exif\0\0"), tiff(exif(orientation, 13.4050, 52.5200, BODY_SERIAL))));
        segment(out, 0xE1, concat(ascii("http://ns.adobe.com/xap/1.0/\0"), ascii(xmp(XMP_SERIAL, true))));
        segment(out, 0xE1, extendedXmp());
        segment(out, 0xE2, mpf());
        segment(out, 0xE2, concat(ascii("ICC_PROFILE\0"), new byte[] {1, 1}, iccProfile()));
        segment(out, 0xED, concat(ascii("Photoshop 3.0\0"), photoshopIptcCity()));
        segment(out, 0xFE, ascii("GPS 52.5200,13.4050 Berlin"));
        byte[] rest = Arrays.copyOfRange(base, afterApp0, base.length);
        out.writeBytes(insertAfterFirstScan(rest,
                segmentBytes(0xE1, concat(ascii("Exif\0\0"), tiff(exif(1, 13.4050, 52.5200, BODY_SERIAL))))));
        out.writeBytes(secondaryJpeg());
        out.writeBytes(motionPhotoTrailer());
        return out.toByteArray();
    }

    /** A PNG with eXIf (orientation, GPS, serials), iTXt XMP, tEXt raw EXIF profile, zTXt comment, data after IEND. */
    public static byte[] png(int width, int height, int orientation) {
        byte[] base = TestImages.png(width, height);
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base, 0, afterIhdr);
        byte[] exif = tiff(exif(orientation, 13.4050, 52.5200, BODY_SERIAL));
        chunk(out, "eXIf", exif);
        chunk(out, "iTXt", concat(ascii("XML:com.adobe.xmp\0\0\0\0\0"), ascii(xmp(XMP_SERIAL, false))));
        chunk(out, "tEXt", concat(ascii("Raw profile type exif\0"),
                ascii("\nexif\n" + (exif.length + 6) + "\n" + HexFormat.of().formatHex(concat(ascii("Exif\0\0"), exif)))));
        chunk(out, "zTXt", concat(ascii("Comment\0\0"), deflate(ascii("GPS 52.5200,13.4050 Berlin"))));
        chunk(out, "tEXt", ascii("Location\0GPS 52.5200,13.4050 Berlin"));
        out.write(base, afterIhdr, base.length - afterIhdr);
        out.writeBytes(ascii("GPS 52.5200,13.4050 Berlin"));
        return out.toByteArray();
    }

    /** An extended WebP (VP8X announcing EXIF and XMP) of 1×1, with EXIF (orientation, GPS, serial) and XMP. */
    public static byte[] webp(int orientation) {
        byte[] simple = TestImages.webp();
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length); // its only chunk
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        riffChunk(chunks, "VP8X", new byte[] {0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // EXIF | XMP, canvas 1×1
        chunks.writeBytes(vp8l);
        riffChunk(chunks, "EXIF", tiff(exif(orientation, 13.4050, 52.5200, BODY_SERIAL)));
        riffChunk(chunks, "XMP ", ascii(xmp(XMP_SERIAL, true)));
        return riff(chunks.toByteArray(), ascii("GPS 52.5200 trailing"));
    }

    /** A GIF with a looping NETSCAPE2.0 block, an XMP application extension, a comment, and data after the trailer. */
    public static byte[] gif(int width, int height) {
        byte[] base = TestImages.gif(width, height);
        int packed = base[10] & 0xFF;
        int afterScreen = 13 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base, 0, afterScreen);
        out.writeBytes(new byte[] {0x21, (byte) 0xFF, 11});
        out.writeBytes(ascii("NETSCAPE2.0"));
        out.writeBytes(new byte[] {3, 1, 0, 0, 0});
        out.writeBytes(new byte[] {0x21, (byte) 0xFF, 11});
        out.writeBytes(ascii("XMP DataXMP"));
        out.writeBytes(ascii(xmp(XMP_SERIAL, true)));
        out.write(1); // the XMP "magic trailer": whatever byte a reader lands on, it skips to the terminator
        for (int b = 0xFF; b >= 0; b--) {
            out.write(b);
        }
        out.write(0);
        out.writeBytes(new byte[] {0x21, (byte) 0xFE});
        byte[] comment = ascii("GPS 52.5200,13.4050 Berlin");
        out.write(comment.length);
        out.writeBytes(comment);
        out.write(0);
        out.write(base, afterScreen, base.length - afterScreen);
        out.writeBytes(ascii("GPS 52.5200 trailing"));
        return out.toByteArray();
    }

    /** The raw bytes of the GPS latitude that {@link #jpeg} and the others carry (three rationals). */
    public static byte[] gpsLatitudeValue() {
        try {
            ByteArrayOutputStream withExif = new ByteArrayOutputStream();
            byte[] plain = TestImages.jpeg(8, 8);
            withExif.write(plain, 0, 2);
            segment(withExif, 0xE1, concat(ascii("Exif\0\0"), tiff(exif(1, 13.4050, 52.5200, BODY_SERIAL))));
            withExif.write(plain, 2, plain.length - 2);
            JpegImageMetadata metadata = (JpegImageMetadata) Imaging.getMetadata(withExif.toByteArray());
            TiffField latitude = metadata.getExif().findField(GpsTagConstants.GPS_TAG_GPS_LATITUDE, true);
            return latitude.getByteArrayValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Index of {@code needle} in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- the parts --------------------------------------------------------------------------------------------

    static TiffOutputSet exif(int orientation, double longitude, double latitude, String serial) {
        try {
            TiffOutputSet exif = new TiffOutputSet(ByteOrder.BIG_ENDIAN);
            exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, "TestCam");
            exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER, serial);
            exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_LENS_SERIAL_NUMBER, LENS_SERIAL);
            exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_EXPOSURE_TIME, RationalNumber.valueOf(0.01));
            exif.setGpsInDegrees(longitude, latitude);
            return exif;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] tiff(TiffOutputSet set) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new TiffImageWriterLossy(set.byteOrder).write(out, set);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String xmp(String serial, boolean withContainer) {
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:exif=\"http://ns.adobe.com/exif/1.0/\""
                + " xmlns:aux=\"http://ns.adobe.com/exif/1.0/aux/\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\""
                + " xmlns:GCamera=\"http://ns.google.com/photos/1.0/camera/\""
                + " exif:GPSLatitude=\"52,31.2N\" exif:GPSLongitude=\"13,24.3E\" aux:SerialNumber=\"" + serial + "\""
                + (withContainer ? " GCamera:MotionPhoto=\"1\" xmpNote:HasExtendedXMP=\"0123456789ABCDEF0123456789ABCDEF\"" : "")
                + "/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
    }

    /** An extended XMP portion: namespace, GUID, full length, offset, then the (here only) part of the packet. */
    private static byte[] extendedXmp() {
        byte[] packet = ascii("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:drone-dji=\"http://www.dji.com/drone-dji/1.0/\" drone-dji:GpsLatitude=\"52.5200\""
                + " drone-dji:GpsLongitude=\"13.4050\" drone-dji:SerialNumber=\"" + EXTENDED_XMP_SERIAL + "\"/>"
                + "</rdf:RDF></x:xmpmeta>");
        return concat(ascii("http://ns.adobe.com/xmp/extension/\0"), ascii("0123456789ABCDEF0123456789ABCDEF"),
                ByteBuffer.allocate(8).putInt(packet.length).putInt(0).array(), packet);
    }

    /** CIPA DC-007 MP Extensions: "MPF\0", a TIFF header, the MP index IFD (version, number of images, entries). */
    private static byte[] mpf() {
        ByteBuffer mp = ByteBuffer.allocate(4 + 8 + 2 + 3 * 12 + 4 + 32).order(ByteOrder.BIG_ENDIAN);
        mp.put(ascii("MPF\0")).put(ascii("MM")).putShort((short) 42).putInt(8);
        mp.putShort((short) 3);
        mp.putShort((short) 0xB000).putShort((short) 7).putInt(4).put(ascii("0100"));
        mp.putShort((short) 0xB001).putShort((short) 4).putInt(1).putInt(2);
        mp.putShort((short) 0xB002).putShort((short) 7).putInt(32).putInt(8 + 2 + 36 + 4);
        mp.putInt(0);
        mp.putInt(0x20030000).putInt(0).putInt(0).putInt(0); // primary image entry
        mp.putInt(0x00020000).putInt(4096).putInt(8192).putInt(0); // secondary image: size, offset
        return mp.array();
    }

    private static byte[] iccProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    }

    public static byte[] iccProfileBytes() {
        return iccProfile();
    }

    /** A Photoshop image resource block 0x0404 (IPTC-NAA) holding the record 2:90 City = Berlin. */
    private static byte[] photoshopIptcCity() {
        byte[] iptc = concat(new byte[] {0x1C, 2, 90, 0, 6}, ascii("Berlin"));
        ByteBuffer irb = ByteBuffer.allocate(4 + 2 + 2 + 4 + iptc.length + (iptc.length & 1));
        irb.put(ascii("8BIM")).putShort((short) 0x0404).putShort((short) 0).putInt(iptc.length).put(iptc);
        return irb.array();
    }

    /** A second picture as MPF and Ultra HDR append it: a JPEG with its own EXIF (another GPS, another serial). */
    private static byte[] secondaryJpeg() {
        byte[] plain = TestImages.jpeg(32, 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        segment(out, 0xE1, concat(ascii("Exif\0\0"), tiff(exif(1, 2.2945, 48.8584, SECONDARY_SERIAL))));
        segment(out, 0xE2, mpf());
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** The start of an MP4 as Samsung and Google motion photos append it: ftyp, then moov/udta with an ISO 6709 ©xyz. */
    private static byte[] motionPhotoTrailer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        box(out, "ftyp", concat(ascii("mp42"), new byte[4], ascii("isommp42")));
        byte[] xyz = concat(new byte[] {0, 18, 0x15, (byte) 0xC7}, ascii("+52.5200+013.4050/"));
        ByteArrayOutputStream udta = new ByteArrayOutputStream();
        box(udta, "\u00A9xyz", xyz);
        ByteArrayOutputStream moov = new ByteArrayOutputStream();
        box(moov, "udta", udta.toByteArray());
        box(out, "moov", moov.toByteArray());
        box(out, "mdat", new byte[2048]);
        return out.toByteArray();
    }

    // ---- decode bombs -----------------------------------------------------------------------------------------

    /** An animated GIF of {@code frames} frames of {@code width × height}, each an empty LZW stream. */
    public static byte[] animatedGif(int width, int height, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("GIF89a"));
        out.writeBytes(new byte[] {(byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8),
                (byte) 0x80, 0, 0}); // a global colour table of 2 entries
        out.writeBytes(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        out.writeBytes(new byte[] {0x21, (byte) 0xFF, 11});
        out.writeBytes(ascii("NETSCAPE2.0"));
        out.writeBytes(new byte[] {3, 1, 0, 0, 0});
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0}); // 100 ms
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, (byte) width, (byte) (width >> 8), (byte) height,
                    (byte) (height >> 8), 0});
            out.writeBytes(new byte[] {2, 1, 0x2C, 0}); // code size 2: clear, end of information
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    /** An animated WebP of {@code frames} frames of 1×1 on a 1×1 canvas. */
    public static byte[] animatedWebp(int frames) {
        byte[] simple = TestImages.webp();
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        riffChunk(chunks, "VP8X", new byte[] {0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // animation, canvas 1×1
        riffChunk(chunks, "ANIM", new byte[] {0, 0, 0, 0, 0, 0});
        byte[] frameHeader = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0}; // at 0,0, 1×1, 100 ms
        for (int i = 0; i < frames; i++) {
            riffChunk(chunks, "ANMF", concat(frameHeader, vp8l));
        }
        return riff(chunks.toByteArray(), new byte[0]);
    }

    /** A progressive JPEG whose last scan is repeated until it has {@code scans} scans in all. */
    public static byte[] jpegWithScans(int scans) {
        byte[] base = progressiveJpeg(64, 48);
        List<Integer> sos = new java.util.ArrayList<>();
        for (int i = 2; i < base.length - 1; i++) {
            if ((base[i] & 0xFF) == 0xFF && (base[i + 1] & 0xFF) == 0xDA) {
                sos.add(i);
            }
        }
        int last = sos.getLast();
        byte[] lastScan = Arrays.copyOfRange(base, last, base.length - 2); // up to EOI
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base, 0, base.length - 2);
        for (int i = sos.size(); i < scans; i++) {
            out.writeBytes(lastScan);
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }

    /** Start-of-scan markers in a JPEG's bytes up to its first EOI (a test's own count). */
    public static int scans(byte[] jpeg) {
        int count = 0;
        for (int i = 2; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
                count++;
            }
        }
        return count;
    }

    public static byte[] progressiveJpeg(int width, int height) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(TestImages.decode(TestImages.jpeg(width, height)), null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- byte plumbing ----------------------------------------------------------------------------------------

    /** Puts {@code segment} right after the entropy-coded data of the first scan. */
    private static byte[] insertAfterFirstScan(byte[] jpegTail, byte[] segment) {
        int i = 0;
        while (!((jpegTail[i] & 0xFF) == 0xFF && (jpegTail[i + 1] & 0xFF) == 0xDA)) {
            i += 2 + u16(jpegTail, i + 2);
        }
        i += 2 + u16(jpegTail, i + 2);
        while (!((jpegTail[i] & 0xFF) == 0xFF && jpegTail[i + 1] != 0 && ((jpegTail[i + 1] & 0xFF) < 0xD0
                || (jpegTail[i + 1] & 0xFF) > 0xD7))) {
            i++;
        }
        return concat(Arrays.copyOf(jpegTail, i), segment, Arrays.copyOfRange(jpegTail, i, jpegTail.length));
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        out.writeBytes(segmentBytes(marker, payload));
    }

    private static byte[] segmentBytes(int marker, byte[] payload) {
        int length = payload.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = ascii(type);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void riffChunk(ByteArrayOutputStream out, String fourcc, byte[] data) {
        out.writeBytes(ascii(fourcc));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
        out.writeBytes(data);
        if ((data.length & 1) != 0) {
            out.write(0);
        }
    }

    private static byte[] riff(byte[] chunks, byte[] trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("RIFF"));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + chunks.length).array());
        out.writeBytes(ascii("WEBP"));
        out.writeBytes(chunks);
        out.writeBytes(trailer);
        return out.toByteArray();
    }

    private static void box(ByteArrayOutputStream out, String type, byte[] data) {
        try {
            DataOutputStream box = new DataOutputStream(out);
            box.writeInt(8 + data.length);
            box.write(type.getBytes(StandardCharsets.ISO_8859_1));
            box.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length + 64];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int u16(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }
}
