package io.blogimages.auth;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which requests are traced. The gateway passes its W3C trace context ({@code traceparent}) on with every call:
 * this service continues that trace in every case, so its log lines carry the same trace ID (MDC
 * {@code traceId}) even when nothing is sampled. Spans are
 * sampled, and so exported, only once an OTLP endpoint is configured: Quarkus always builds its OTLP exporter
 * (a build-time choice) aimed at its default {@value #QUARKUS_DEFAULT_ENDPOINT}, and without a collector there it
 * would fail on every batch. That default counts as "not configured", as it does for Quarkus itself; a collector
 * really on localhost is configured as {@code http://localhost:4317}. With an endpoint, the caller's sampling
 * decision (the gateway's) is followed and new traces are sampled at {@code quarkus.otel.traces.sampler.arg} (1.0 unless set).
 */
@ApplicationScoped
class TraceSampling {

    private static final Logger LOG = Logger.getLogger(TraceSampling.class);
    static final String QUARKUS_DEFAULT_ENDPOINT = "http://localhost:4317/";

    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint") Optional<String> tracesEndpoint,
                    @ConfigProperty(name = "quarkus.otel.exporter.otlp.endpoint") Optional<String> endpoint,
                    @ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        // The same precedence as Quarkus's exporter: the traces endpoint, else the common one.
        Optional<String> collector = Stream.of(tracesEndpoint, endpoint).flatMap(Optional::stream)
                .filter(url -> !url.isBlank() && !url.equals(QUARKUS_DEFAULT_ENDPOINT)).findFirst();
        if (collector.isEmpty()) {
            LOG.info("Tracing: trace context propagated, no spans exported (no OTLP endpoint configured)");
            return Sampler.alwaysOff();
        }
        LOG.infof("Tracing: spans exported to %s, new traces sampled at %.2f", collector.get(), ratio);
        return Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
    }
}
