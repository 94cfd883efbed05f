package io.blogimages.image.upload;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes location data and device serials from an upload of any accepted type, and measures what a decode of
 * it would cost, in one pass over the file's container structure (JPEG markers, PNG chunks, RIFF chunks, GIF
 * blocks) before any pixel is decoded.
 *
 * <p>Why precise stripping and not re-encoding: a re-encode would cost a generation of JPEG/WebP quality, lose
 * ICC profiles and GIF/APNG/WebP animation, and decode every pixel of every upload. The container walk copies the
 * compressed image data byte for byte and drops or rewrites only the metadata containers, at the speed of a file
 * copy and in one buffer of memory. What it keeps is a short list of what the pixels need (colour profiles,
 * palettes, animation control, JPEG's Adobe colour transform); everything else that can carry text goes: EXIF
 * loses its GPS directory, serial numbers, maker notes and embedded thumbnail (JPEG), or is replaced by a fresh
 * EXIF holding the orientation alone (PNG, WebP); XMP, extended XMP, IPTC, comments and text chunks go whole,
 * because XMP is free-form RDF in which any vendor's namespace can spell a position (exif:GPSLatitude,
 * drone-dji:GpsLatitude, Iptc4xmpExt:LocationShown, photoshop:City...) and a filter on known names would miss the
 * next one. Everything after the format's end marker goes too: that is where phones put the secondary images of a
 * multi-picture JPEG (MPF; each with its own EXIF and GPS), the Ultra HDR gain map and the Samsung/Google
 * motion-photo video, none of which a browser shows.
 *
 * <p>The same walk counts what a decoder would face beyond the first frame's header: frames and their pixels
 * (GIF, animated WebP and PNG) and the scans of a (progressive) JPEG.
 */
public final class MetadataScrubber {

    /**
     * What the pass found.
     *
     * @param orientation EXIF orientation 1–8 (1 when there is none), kept in the stored file
     * @param changed     whether the stored copy differs from the upload (if not, the upload is kept as it is)
     * @param complete    whether the file ends properly (its end marker was seen); false for a truncated upload
     * @param frames      frames of an animation (1 for a still image)
     * @param framePixels width × height summed over all frames
     * @param scans       start-of-scan markers of a JPEG (0 for the other types)
     */
    public record Result(int orientation, boolean changed, boolean complete, int frames, long framePixels, int scans) {

        static Result truncated() {
            return new Result(1, false, false, 0, 0, 0);
        }
    }

    private MetadataScrubber() {
    }

    /**
     * Reads {@code source}; with {@code strip}, writes the scrubbed copy to {@code target} (used only when {@link
     * Result#changed()}). Without {@code strip}, nothing is written and only the measurements are reported.
     *
     * @throws IOException the container structure is broken (not just cut short)
     */
    public static Result scrub(ImageType type, Path source, Path target, boolean strip) throws IOException {
        try (InputStream file = Files.newInputStream(source);
             OutputStream out = strip ? new BufferedOutputStream(Files.newOutputStream(target), 65536) : null) {
            ContainerInput in = new ContainerInput(file);
            Result result = switch (type) {
                case JPEG -> JpegMetadataScrubber.scrub(in, out);
                case PNG -> PngMetadataScrubber.scrub(in, out);
                case GIF -> GifMetadataScrubber.scrub(in, out);
                case WEBP -> WebpMetadataScrubber.scrub(in, out, target);
            };
            return result;
        } catch (EOFException e) {
            return Result.truncated();
        }
    }
}
