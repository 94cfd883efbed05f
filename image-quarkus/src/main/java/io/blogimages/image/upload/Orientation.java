package io.blogimages.image.upload;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** EXIF orientation (1–8): how the stored pixels must be turned to be seen upright. */
public final class Orientation {

    private Orientation() {
    }

    public static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The image as it should be seen; the same instance for orientation 1 or unknown values. */
    public static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.scale(-1.0, 1.0); t.translate(-width, 0); }
            case 3 -> { t.translate(width, height); t.rotate(Math.PI); }
            case 4 -> { t.scale(1.0, -1.0); t.translate(0, -height); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1.0, 1.0); }
            case 6 -> { t.translate(height, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1.0, 1.0); t.translate(-height, 0); t.translate(0, width); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, width); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        boolean swap = swapsSides(orientation);
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage turned = new BufferedImage(swap ? height : width, swap ? width : height, type);
        Graphics2D g = turned.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return turned;
    }
}
