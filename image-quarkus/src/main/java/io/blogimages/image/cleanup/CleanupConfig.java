package io.blogimages.image.cleanup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Pending deletions and reconciliation (env IMAGE_CLEANUP_*). */
@ConfigMapping(prefix = "image.cleanup")
public interface CleanupConfig {

    /** How often pending deletions are retried (the scheduler reads it as {@code ${image.cleanup.retry-every}}). */
    @WithDefault("30s")
    String retryEvery();

    /** How often bucket and table are compared and the result logged ({@code off} to disable). */
    @WithDefault("1h")
    String reconcileEvery();

    /** Whether the scheduled comparison also repairs what it finds (the admin endpoint always can). */
    @WithDefault("false")
    boolean reconcileRepairsOnSchedule();

    /**
     * Objects younger than this are never called orphans: an upload writes its objects before its rows, so a
     * fresh object without a row may belong to an upload still in flight.
     */
    @WithDefault("15m")
    Duration orphanGrace();
}
