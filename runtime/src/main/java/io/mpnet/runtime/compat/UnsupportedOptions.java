package io.mpnet.runtime.compat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * options the platform accepts that mpnet reads but cannot honour ({@code enableQuic},
 * {@code enableCache}, {@code enableHttpDNS}, {@code httpDNSServiceId}, {@code forceCellularNetwork},
 * {@code useHighPerformanceMode}). A call that gives one runs as if it had not; the first such call
 * of a {@link Wx} (one per runtime) logs one DEBUG line naming them, so they are never dropped silently.
 */
final class UnsupportedOptions {

    private static final Logger LOG = LoggerFactory.getLogger(UnsupportedOptions.class);

    /** The options read and ignored, as the platform names them. */
    static final List<String> NAMES = List.of("enableQuic", "enableCache", "enableHttpDNS", "httpDNSServiceId",
            "forceCellularNetwork", "useHighPerformanceMode");

    private final AtomicBoolean said = new AtomicBoolean();

    /** Reads {@code options} of a call of {@code api}; says once that the unsupported ones given have no effect. */
    void read(String api, Map<String, ?> options) {
        if (said.get()) {
            return;
        }
        List<String> given = NAMES.stream().filter(options::containsKey).toList();
        if (!given.isEmpty() && said.compareAndSet(false, true)) {
            LOG.debug("{}: {} {} no effect in mpnet (R-14): no QUIC, HTTP cache, HttpDNS, cellular choice or"
                    + " high-performance mode on the JVM; later calls of this runtime are not logged", api,
                    String.join(", ", given), given.size() == 1 ? "has" : "have");
        }
    }
}
