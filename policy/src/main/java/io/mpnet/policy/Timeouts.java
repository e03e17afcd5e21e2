package io.mpnet.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Timeout resolution (T-1). */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * The call's timeout: the call's own if given, else the config's {@code networkTimeout} for
     * that kind, else the profile's maximum; never above the maximum (capped: see {@link #choose}).
     *
     * @throws MpNetException (T-1, parameter error) for a zero or negative call timeout
     */
    public static Duration resolve(ApiKind api, @Nullable Duration requested, NetworkConfig config) {
        return choose(api, requested, config).timeout();
    }

    /**
     * The timeout {@link #resolve} chooses, and what it was capped from.
     *
     * @param timeout the call's timeout, at most the profile's maximum
     * @param cappedFrom the larger timeout asked for, when it was capped; {@code null} otherwise
     * @param notice when capped, the line a runtime logs (once) to say so; {@code null} otherwise
     */
    public record Choice(Duration timeout, @Nullable Duration cappedFrom, @Nullable String notice) {
    }

    /**
     * {@link #resolve}, telling whether the timeout asked for was above the profile's maximum and
     * capped to it: the seeds of the wechat and appservice profiles give 60 000 ms as the maximum;
     * the newest documentation gives none, so the cap is kept but said (T-1).
     *
     * @throws MpNetException (T-1, parameter error) for a zero or negative call timeout
     */
    public static Choice choose(ApiKind api, @Nullable Duration requested, NetworkConfig config) {
        Duration max = config.profile().maxTimeout();
        requirePositive(api, requested, max);
        Duration configured = config.networkTimeout().get(api);
        Duration t = requested != null ? requested : configured != null ? configured : max;
        if (t.compareTo(max) > 0) {
            return new Choice(max, t, api.apiName() + ": timeout " + text(t) + " (" + (requested != null ? "the call's"
                    : "networkTimeout") + ") capped to the " + config.profile().name() + " maximum of "
                    + max.toMillis() + " ms (T-1)");
        }
        return new Choice(t, null, null);
    }

    /**
     * T-1 for an options builder, which knows no profile yet: a zero or negative timeout refused when
     * it is set, with the message {@link #resolve} gives under the built-in profiles (whose maximum is
     * 60 000 ms). {@code null} (the configured timeout) passes.
     *
     * @throws MpNetException (T-1, parameter error) for a zero or negative timeout
     */
    public static void requirePositive(ApiKind api, @Nullable Duration requested) {
        requirePositive(api, requested, Profile.WECHAT.maxTimeout());
    }

    private static void requirePositive(ApiKind api, @Nullable Duration requested, Duration max) {
        if (requested != null && (requested.isZero() || requested.isNegative())) {
            throw new MpNetException(api, FailReason.INVALID_PARAMETER, "T-1", "timeout " + text(requested)
                    + " is not allowed; give a positive timeout up to " + max.toMillis()
                    + " ms, or none for the default");
        }
    }

    /**
     * A duration in milliseconds, such as {@code 3000 ms}; one too large for a {@code long} of
     * milliseconds ({@code Duration.ofSeconds(Long.MAX_VALUE)}) in ISO form, since {@code toMillis}
     * would overflow on it.
     */
    private static String text(Duration d) {
        try {
            return d.toMillis() + " ms";
        } catch (ArithmeticException e) {
            return d.toString();
        }
    }
}
