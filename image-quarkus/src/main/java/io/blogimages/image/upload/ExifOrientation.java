package io.blogimages.image.upload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The orientation tag of a TIFF-structured EXIF block, read and written by hand: PNG's eXIf and WebP's EXIF chunk
 * are replaced by a fresh block that holds the orientation and nothing else, which needs no EXIF library and can
 * carry nothing but those few bytes.
 */
final class ExifOrientation {

    private static final int ORIENTATION_TAG = 0x0112;
    private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private ExifOrientation() {
    }

    /** The orientation (1–8) in IFD0 of the block, 1 when it is absent or unreadable. */
    static int read(byte[] exif) {
        try {
            ByteBuffer tiff = ByteBuffer.wrap(exif);
            if (exif.length >= EXIF_PREFIX.length && tiff.slice(0, EXIF_PREFIX.length).equals(ByteBuffer.wrap(EXIF_PREFIX))) {
                tiff = tiff.slice(EXIF_PREFIX.length, exif.length - EXIF_PREFIX.length);
            }
            if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
                tiff.order(ByteOrder.LITTLE_ENDIAN);
            } else if (tiff.get(0) != 'M' || tiff.get(1) != 'M') {
                return 1;
            }
            int ifd = tiff.getInt(4);
            int entries = Short.toUnsignedInt(tiff.getShort(ifd));
            for (int i = 0; i < entries; i++) {
                int entry = ifd + 2 + 12 * i;
                if (Short.toUnsignedInt(tiff.getShort(entry)) == ORIENTATION_TAG) {
                    int value = Short.toUnsignedInt(tiff.getShort(entry + 8));
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
            return 1;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return 1;
        }
    }

    /** A big-endian TIFF block whose only directory holds the orientation (26 bytes, no "Exif" prefix). */
    static byte[] minimal(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) ORIENTATION_TAG).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }
}
