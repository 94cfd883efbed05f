package io.blogimages.image.upload;

import io.blogimages.image.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import net.coobird.thumbnailator.Thumbnails;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Checks one uploaded file and prepares what gets stored, in two steps. {@link #check} is cheap and runs for
 * every file of a request before anything is written: the size, then the type from the magic bytes, then
 * width × height from the header alone (refusing image bombs before any pixel is decoded). {@link #thumbnail}
 * is the expensive part, a decode — subsampled, so memory follows the thumbnail size, not the image size — that
 * proves the file is whole and yields the thumbnail; the caller may store the original while it runs.
 */
@ApplicationScoped
public class ImageProcessor {

    private final UploadConfig config;

    public ImageProcessor(UploadConfig config) {
        this.config = config;
        // Not in a static initialiser: see ImageIoPlugins (native build, run-time initialisation of ImageIO).
        ImageIoPlugins.register();
    }

    /**
     * The cheap checks, before anything is written anywhere: size, type from the magic bytes, the container
     * structure (scrubbing its metadata, counting frames and scans), and width × height from the header alone.
     *
     * @param upload  the spooled upload
     * @param sha256  the hex SHA-256 of {@code upload}, computed while it was spooled
     * @param workDir where a scrubbed copy is written (the caller deletes it)
     * @param label   how the file is named in error details ("file 2")
     */
    public CheckedImage check(Path upload, String filename, String sha256, Path workDir, String label)
            throws IOException {
        long size = Files.size(upload);
        if (size > config.maxFileSize()) {
            throw new ApiException(413, "file-too-large",
                    label + " is " + size + " bytes; the limit is " + config.maxFileSize() + " bytes");
        }
        ImageType type = detect(upload)
                .filter(t -> config.allowedTypes().contains(t.configName()))
                .orElseThrow(() -> new ApiException(415, "unsupported-image-type",
                        label + " is not an allowed image type (allowed: " + String.join(", ", config.allowedTypes())
                                + "); the type is decided by the file's bytes"));

        Path scrubbed = Files.createTempFile(workDir, "scrubbed-", "." + type.extension());
        MetadataScrubber.Result result;
        try {
            result = MetadataScrubber.scrub(type, upload, scrubbed, config.stripLocation());
        } catch (IOException | RuntimeException e) {
            throw undecodable(label, "its " + type.configName() + " structure is broken");
        }
        if (!result.complete()) {
            throw undecodable(label, "it is truncated");
        }
        refuseCostlyDecodes(result, label);
        Path stored = result.changed() ? scrubbed : upload;
        int orientation = result.orientation();
        Dimensions dimensions = withReader(stored, type, label, reader -> header(reader, label));
        boolean asReceived = stored == upload;
        return new CheckedImage(type, Filenames.sanitize(filename), stored, asReceived ? size : Files.size(stored),
                asReceived ? sha256 : Sha256.of(stored), orientation, dimensions.width(), dimensions.height(), label);
    }

    /**
     * The expensive check: a full decode (subsampled, so memory follows the thumbnail size, not the image size)
     * proves the file is whole and yields the thumbnail, written to {@code workDir}.
     */
    public ProcessedImage thumbnail(CheckedImage checked, Path workDir) throws IOException {
        BufferedImage decoded = withReader(checked.file(), checked.type(), checked.label(),
                reader -> decode(reader, checked));
        BufferedImage upright = Orientation.apply(decoded, checked.orientation());
        boolean swap = Orientation.swapsSides(checked.orientation());
        int width = swap ? checked.height() : checked.width();
        int height = swap ? checked.width() : checked.height();

        ImageType thumbnailType = thumbnailType(checked.type());
        Path thumbnail = Files.createTempFile(workDir, "thumbnail-", "." + thumbnailType.extension());
        writeThumbnail(upright, checked.type(), thumbnail);
        return new ProcessedImage(checked.type(), checked.originalFilename(), checked.file(), checked.size(),
                checked.sha256(), width, height, thumbnail, thumbnailType.contentType());
    }

    /**
     * Beyond the first frame's header (which {@link #header} checks): every frame of an animation is decoded by
     * the browsers that show it, and every scan of a progressive JPEG is another pass over all its coefficients,
     * so both count before anything is decoded.
     */
    private void refuseCostlyDecodes(MetadataScrubber.Result result, String label) {
        if (result.scans() > config.maxScans()) {
            throw new ApiException(422, "too-many-scans", label + " has " + result.scans()
                    + " JPEG scans; the limit is " + config.maxScans());
        }
        if (result.frames() > config.maxFrames()) {
            throw new ApiException(422, "too-many-frames", label + " has " + result.frames()
                    + " frames; the limit is " + config.maxFrames());
        }
        if (result.framePixels() > config.maxTotalPixels()) {
            throw new ApiException(422, "too-many-pixels", label + " has " + result.framePixels()
                    + " pixels in all its frames together; the limit is " + config.maxTotalPixels() + " pixels");
        }
    }

    private static java.util.Optional<ImageType> detect(Path file) throws IOException {
        byte[] head = new byte[ImageType.SIGNATURE_LENGTH];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        return ImageType.detect(head, read);
    }

    private interface ReaderCall<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Runs the call with the reader of the detected type (never of what the file claims) set on the file. */
    private static <T> T withReader(Path file, ImageType type, String label, ReaderCall<T> call) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            // TwelveMonkeys' readers rank first where present.
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.imageIoFormat());
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader for " + type);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return call.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IIOException e) {
            throw undecodable(label, "it cannot be read as " + type.configName());
        }
    }

    private record Dimensions(int width, int height) {
    }

    /** Width and height from the header alone, refusing image bombs before any pixel is decoded. */
    private Dimensions header(ImageReader reader, String label) {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw undecodable(label, "its header cannot be read");
        }
        if (width <= 0 || height <= 0) {
            throw undecodable(label, "it has no pixels");
        }
        if ((long) width * height > config.maxPixels()) {
            throw new ApiException(422, "too-many-pixels", label + " is " + width + "×" + height
                    + " pixels; the limit is " + config.maxPixels() + " pixels");
        }
        return new Dimensions(width, height);
    }

    private BufferedImage decode(ImageReader reader, CheckedImage checked) throws IOException {
        String label = checked.label();
        // Decode at no more than about twice the thumbnail size: enough for a good downscale, and the
        // memory needed no longer depends on how large the original is.
        int factor = Math.max(1, Math.max(checked.width(), checked.height()) / (2 * config.thumbnailSize()));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(factor, factor, 0, 0);
        List<String> warnings = new CopyOnWriteArrayList<>();
        reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IIOException | RuntimeException e) {
            throw undecodable(label, "its image data cannot be decoded");
        }
        if (warnings.stream().anyMatch(w -> w.contains("Premature end") || w.contains("truncated"))) {
            throw undecodable(label, "it is truncated");
        }
        return image;
    }

    /** JPEG stays JPEG; the others become PNG, which keeps transparency (there is no WebP writer here). */
    private static ImageType thumbnailType(ImageType type) {
        return type == ImageType.JPEG ? ImageType.JPEG : ImageType.PNG;
    }

    private void writeThumbnail(BufferedImage image, ImageType type, Path target) throws IOException {
        int longest = Math.max(image.getWidth(), image.getHeight());
        var builder = Thumbnails.of(image);
        var sized = longest > config.thumbnailSize()
                ? builder.size(config.thumbnailSize(), config.thumbnailSize())
                : builder.scale(1.0);
        if (thumbnailType(type) == ImageType.JPEG) {
            sized.outputFormat("jpg").outputQuality(0.85);
        } else {
            sized.outputFormat("png");
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            sized.toOutputStream(out);
        }
    }

    private static ApiException undecodable(String label, String reason) {
        return new ApiException(422, "undecodable-image", label + " cannot be used: " + reason);
    }
}
