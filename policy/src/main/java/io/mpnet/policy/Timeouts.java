package io.mpnet.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Timeout resolution (T-1). */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * The call's timeout: the call's own if given, else the config's {@code networkTimeout} for
     * that kind, else the profile's maximum; never above the maximum (clamped, with a debug log).
     *
     * @throws MpNetException (T-1, parameter error) for a zero or negative call timeout
     */
    public static Duration resolve(ApiKind api, @Nullable Duration requested, NetworkConfig config) {
        Duration max = config.profile().maxTimeout();
        Duration t = requested != null ? requested : config.networkTimeout().getOrDefault(api, max);
        return t.compareTo(max) > 0 ? max : t; // STUB
    }
}
