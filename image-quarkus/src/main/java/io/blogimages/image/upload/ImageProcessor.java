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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Checks one uploaded file and prepares what gets stored. Order matters for safety: the size, then the type
 * from the magic bytes, then width × height from the header alone (refusing image bombs before any pixel is
 * decoded), then a decode — subsampled, so memory follows the thumbnail size, not the image size — that proves
 * the file is whole and yields the thumbnail.
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
     * @param upload      the spooled upload
     * @param workDir     where the scrubbed copy and the thumbnail are written (the caller deletes them)
     * @param label       how the file is named in error details ("file 2")
     */
    public ProcessedImage process(Path upload, String filename, Path workDir, String label) throws IOException {
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

        Path stored = upload;
        int orientation = 1;
        if (type == ImageType.JPEG) {
            Path scrubbed = Files.createTempFile(workDir, "scrubbed-", ".jpg");
            JpegMetadataScrubber.Result result;
            try {
                result = JpegMetadataScrubber.scrub(upload, scrubbed, config.stripLocation());
            } catch (IOException e) {
                throw undecodable(label, "its JPEG structure is broken");
            }
            if (!result.complete()) {
                throw undecodable(label, "it is truncated");
            }
            orientation = result.orientation();
            if (result.changed()) {
                stored = scrubbed;
            }
        }

        Decoded decoded = decode(stored, type, label);
        BufferedImage upright = Orientation.apply(decoded.image, orientation);
        boolean swap = Orientation.swapsSides(orientation);
        int width = swap ? decoded.height : decoded.width;
        int height = swap ? decoded.width : decoded.height;

        Path thumbnail = Files.createTempFile(workDir, "thumbnail-", "." + thumbnailType(type).extension());
        writeThumbnail(upright, type, thumbnail);

        return new ProcessedImage(type, Filenames.sanitize(filename), stored, Files.size(stored), sha256(stored),
                width, height, thumbnail, thumbnailType(type).contentType());
    }

    private static java.util.Optional<ImageType> detect(Path file) throws IOException {
        byte[] head = new byte[ImageType.SIGNATURE_LENGTH];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        return ImageType.detect(head, read);
    }

    private record Decoded(BufferedImage image, int width, int height) {
    }

    private Decoded decode(Path file, ImageType type, String label) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            // By the detected type, never by what the file claims; TwelveMonkeys' readers rank first where present.
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.imageIoFormat());
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader for " + type);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
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
                // Decode at no more than about twice the thumbnail size: enough for a good downscale, and the
                // memory needed no longer depends on how large the original is.
                int factor = Math.max(1, Math.max(width, height) / (2 * config.thumbnailSize()));
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
                return new Decoded(image, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IIOException e) {
            throw undecodable(label, "it cannot be read as " + type.configName());
        }
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

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
