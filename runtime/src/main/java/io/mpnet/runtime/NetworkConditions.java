package io.mpnet.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the host throttles a runtime's network, as the developer tools' Network panel does (N-6):
 * offline, a latency added to every request, and download and upload bandwidth. Set it on the
 * runtime's {@link NetworkState#conditions(NetworkConditions)}, at any time.
 *
 * <p>The presets are the developer tools' own: the WeChat developer tools' Network panel is
 * Chromium's DevTools, whose presets are {@link #FAST_4G}, {@link #SLOW_4G}, {@link #SLOW_3G} and
 * {@link #OFFLINE}, with the numbers DevTools uses (its nominal figures scaled by its own adjustment
 * factors). {@link #NONE} throttles nothing and is where every runtime starts.
 *
 * @param name                    what the host calls these conditions (a preset's DevTools title, or its own)
 * @param offline                 whether the phone is offline: calls fail at once as with no network (N-5)
 *                                and the program sees network type {@code none}
 * @param latency                 added to every request between its sending and its response's headers
 *                                (each redirect hop and a socket's handshake too); zero adds none
 * @param downloadBytesPerSecond  the bandwidth of what the runtime receives, shared by its calls; 0: unlimited
 * @param uploadBytesPerSecond    the bandwidth of what the runtime sends, shared by its calls; 0: unlimited
 */
public record NetworkConditions(String name, boolean offline, Duration latency, long downloadBytesPerSecond,
        long uploadBytesPerSecond) {

    /** The largest latency a host may add: T-2's 60 s cap, past which every request would time out. */
    public static final Duration MAX_LATENCY = Duration.ofSeconds(60);

    /** No throttling: the network as it is. */
    public static final NetworkConditions NONE = new NetworkConditions("No throttling", false, Duration.ZERO, 0, 0);

    /** DevTools' "Fast 4G": 9 Mbit/s down and 1.5 Mbit/s up, each × 0.9; 60 ms RTT × 2.75 = 165 ms. */
    public static final NetworkConditions FAST_4G = new NetworkConditions("Fast 4G", false, Duration.ofMillis(165),
            9_000_000 / 8 * 9 / 10, 1_500_000 / 8 * 9 / 10);

    /** DevTools' "Slow 4G" (its "Fast 3G" before 2024): 1.6 Mbit/s down, 750 kbit/s up, each × 0.9; 150 ms × 3.75. */
    public static final NetworkConditions SLOW_4G = new NetworkConditions("Slow 4G", false,
            Duration.ofNanos(562_500_000), 1_600_000 / 8 * 9 / 10, 750_000L / 8 * 9 / 10);

    /** DevTools' "3G" (its "Slow 3G" before 2024): 500 kbit/s down and up, each × 0.8; 400 ms RTT × 5 = 2 s. */
    public static final NetworkConditions SLOW_3G = new NetworkConditions("3G", false, Duration.ofMillis(2000),
            500_000 / 8 * 8 / 10, 500_000 / 8 * 8 / 10);

    /** DevTools' "Offline": no network; calls fail as with none (N-5). */
    public static final NetworkConditions OFFLINE = new NetworkConditions("Offline", true, Duration.ZERO, 0, 0);

    private static final List<NetworkConditions> PRESETS = List.of(NONE, FAST_4G, SLOW_4G, SLOW_3G, OFFLINE);

    /**
     * Conditions; bandwidths of 0 are unlimited.
     *
     * @throws IllegalArgumentException naming the field and its value when a bandwidth is negative or the
     *                                  latency is negative or over {@link #MAX_LATENCY}
     */
    public NetworkConditions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("NetworkConditions.latency " + latency + " is not between 0 and "
                    + MAX_LATENCY + " [N-6]; give the round trip to add, 0 for none");
        }
        if (downloadBytesPerSecond < 0) {
            throw new IllegalArgumentException("NetworkConditions.downloadBytesPerSecond " + downloadBytesPerSecond
                    + " is negative [N-6]; give bytes per second, 0 for unlimited");
        }
        if (uploadBytesPerSecond < 0) {
            throw new IllegalArgumentException("NetworkConditions.uploadBytesPerSecond " + uploadBytesPerSecond
                    + " is negative [N-6]; give bytes per second, 0 for unlimited");
        }
    }

    /**
     * Conditions of the host's own, named {@code "Custom"}: {@code latency} added per request and
     * bandwidths in bytes per second (0: unlimited).
     */
    public static NetworkConditions custom(Duration latency, long downloadBytesPerSecond, long uploadBytesPerSecond) {
        return new NetworkConditions("Custom", false, latency, downloadBytesPerSecond, uploadBytesPerSecond);
    }

    /** Bytes per second in one kbit/s, the unit of DevTools' custom profiles. */
    public static final long BYTES_PER_KBIT = 125;

    /** The most kbit/s that {@link #customKbps} takes: more would not fit a count of bytes per second. */
    public static final double MAX_KBPS = (double) (Long.MAX_VALUE / BYTES_PER_KBIT);

    /**
     * Custom conditions in the units of DevTools' custom profiles: {@code latency}, and bandwidths in
     * kbit/s (rounded to whole bytes per second; 0: unlimited).
     *
     * @throws IllegalArgumentException as the record's constructor, or for a bandwidth that is not a
     *                                  number of 0 or more bytes per second
     */
    public static NetworkConditions customKbps(Duration latency, double downloadKbps, double uploadKbps) {
        return custom(latency, bytesPerSecond("downloadKbps", downloadKbps), bytesPerSecond("uploadKbps", uploadKbps));
    }

    private static long bytesPerSecond(String field, double kbps) {
        if (!(kbps >= 0 && kbps <= MAX_KBPS)) {
            throw new IllegalArgumentException("NetworkConditions." + field + " " + kbps + " is not a bandwidth [N-6];"
                    + " give kbit/s of 0 (unlimited) or more");
        }
        return Math.round(kbps * BYTES_PER_KBIT);
    }

    /** The developer tools' presets, in the order their menu lists them, {@link #NONE} first. */
    public static List<NetworkConditions> presets() {
        return PRESETS;
    }

    /**
     * The preset named {@code name}, in any case ({@code "Fast 4G"}, {@code "3g"}, {@code "offline"}...).
     *
     * @throws IllegalArgumentException naming the value and the presets' names
     */
    public static NetworkConditions preset(String name) {
        String n = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        for (NetworkConditions p : PRESETS) {
            if (p.name.toLowerCase(Locale.ROOT).equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("network conditions '" + name + "' are not a preset [N-6]; use one of "
                + PRESETS.stream().map(NetworkConditions::name).toList() + " or NetworkConditions.custom(...)");
    }

    /** Whether these conditions slow anything: a latency or a bandwidth limit (offline is not slowing, it refuses). */
    public boolean throttles() {
        return !latency.isZero() || downloadBytesPerSecond > 0 || uploadBytesPerSecond > 0;
    }
}
