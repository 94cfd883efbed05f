package io.blogimages.image.upload;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageWriterSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.BufferedFileImageInputStreamSpi;
import com.twelvemonkeys.imageio.stream.BufferedInputStreamImageInputStreamSpi;
import com.twelvemonkeys.imageio.stream.BufferedRAFImageInputStreamSpi;

import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;

/**
 * Registers the TwelveMonkeys ImageIO plugins by code, once, at run time.
 *
 * <p>On the JVM, {@code ImageIO.scanForPlugins()} finds them through their {@code META-INF/services} files. A
 * Quarkus native executable does not: Quarkus builds it with GraalVM's automatic service-loader registration off
 * ({@code quarkus.native.auto-service-loader-registration=false}) and no extension registers ImageIO's service
 * interfaces, so the scan would find none, and WebP (no JDK reader) could not be read at all. Creating the
 * providers here makes them reachable for the native build without reflection or resource configuration, and
 * gives the JVM and the native executable the same set. Registering a provider class again replaces the earlier
 * instance, so the scan and this registration do not conflict; each TwelveMonkeys JPEG provider orders itself
 * before the JDK's on registration.
 *
 * <p>Called from a constructor, never from a static initialiser: Quarkus initialises classes while building the
 * native image, and {@code javax.imageio}/{@code java.awt} must only be initialised at run time (quarkus-awt).
 */
final class ImageIoPlugins {

    private static boolean registered;

    private ImageIoPlugins() {
    }

    static synchronized void register() {
        if (registered) {
            return;
        }
        // Read from files, never through ImageIO's own temporary cache files.
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
        IIORegistry registry = IIORegistry.getDefaultInstance();
        // The providers listed in the META-INF/services files of imageio-jpeg, imageio-webp and imageio-core
        // (all but imageio-core's ProfileDeferralActivator, a class-loading hook with nothing to provide).
        registry.registerServiceProvider(new JPEGImageReaderSpi());
        registry.registerServiceProvider(new JPEGImageWriterSpi());
        registry.registerServiceProvider(new WebPImageReaderSpi());
        registry.registerServiceProvider(new BufferedFileImageInputStreamSpi());
        registry.registerServiceProvider(new BufferedRAFImageInputStreamSpi());
        registry.registerServiceProvider(new BufferedInputStreamImageInputStreamSpi());
        registered = true;
    }
}
