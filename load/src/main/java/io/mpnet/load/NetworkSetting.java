package io.mpnet.load;

import io.mpnet.policy.Suggestions;
import io.mpnet.runtime.NetworkConditions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The network conditions of a load run as the scenario and the command line write them (N-6): a
 * preset of the developer tools by name, in any case, or a custom profile in DevTools' own units
 * (latency in milliseconds, bandwidths in kbit/s, 1 kbit/s = 125 bytes/s, 0 unlimited).
 */
final class NetworkSetting {

    /** The preset names, as the developer tools' menu lists them. */
    static final List<String> PRESETS = NetworkConditions.presets().stream().map(NetworkConditions::name).toList();
    /** DevTools renamed two presets in 2024: a scenario written before may use the old names. */
    private static final Map<String, String> FORMER = Map.of("fast 3g", "Slow 4G", "slow 3g", "3G");
    /** The longest latency, in milliseconds, a request may be held (T-2's cap, past which it would time out). */
    static final long MAX_LATENCY_MS = NetworkConditions.MAX_LATENCY.toMillis();

    private NetworkSetting() {
    }

    /** The preset named {@code name} in any case, or {@code null}. */
    static @Nullable NetworkConditions preset(String name) {
        try {
            return NetworkConditions.preset(name);
        } catch (IllegalArgumentException e) {
            return null; // worded by notAPreset, in the scenario's or the command line's terms
        }
    }

    /**
     * Why {@code name} is no preset and what to write instead: the closest name, or the list, or
     * {@code custom}, the custom form where it is written.
     */
    static String notAPreset(String name, String custom) {
        String former = FORMER.get(name.trim().toLowerCase(Locale.ROOT));
        String hint = former != null
                ? "DevTools named it so before 2024; it is now '" + former + "'"
                : Suggestions.hint(name, PRESETS);
        return "not a network preset; " + hint + " (presets: " + String.join(", ", PRESETS)
                + "), or give " + custom;
    }

    /** Whether {@code kbps} is a bandwidth: a finite number, 0 (unlimited) or more. */
    static boolean validKbps(double kbps) {
        return kbps >= 0 && kbps <= NetworkConditions.MAX_KBPS;
    }

    /**
     * The command line's form: a preset name, or {@code latencyMs/downKbps/upKbps} such as
     * {@code 100/1600/750}.
     *
     * @throws IllegalArgumentException naming the option, the value, the rule and the fix
     */
    static NetworkConditions parseOption(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length == 3) {
            try {
                long latency = Long.parseLong(parts[0].trim());
                double down = Double.parseDouble(parts[1].trim());
                double up = Double.parseDouble(parts[2].trim());
                if (latency >= 0 && latency <= MAX_LATENCY_MS && validKbps(down) && validKbps(up)) {
                    return NetworkConditions.customKbps(Duration.ofMillis(latency), down, up);
                }
            } catch (NumberFormatException e) {
                // worded below
            }
            throw new IllegalArgumentException("--network '" + text + "' [N-6]: write latencyMs/downKbps/upKbps,"
                    + " a whole latency from 0 to " + MAX_LATENCY_MS + " ms and bandwidths of 0 (unlimited) or more"
                    + " kbit/s, e.g. 100/1600/750");
        }
        NetworkConditions p = preset(text);
        if (p == null) {
            throw new IllegalArgumentException("--network '" + text + "' [N-6]: "
                    + notAPreset(text, "latencyMs/downKbps/upKbps, e.g. 100/1600/750"));
        }
        return p;
    }

    /** The conditions as a report names them: the preset's name, with the figures when they throttle. */
    static String describe(NetworkConditions c) {
        if (!c.throttles()) {
            return c.name();
        }
        return c.name() + " (latency " + LoadRun.human(c.latency()) + ", down " + kbps(c.downloadBytesPerSecond())
                + ", up " + kbps(c.uploadBytesPerSecond()) + ")";
    }

    private static String kbps(long bytesPerSecond) {
        if (bytesPerSecond == 0) {
            return "unlimited";
        }
        double k = bytesPerSecond / (double) NetworkConditions.BYTES_PER_KBIT;
        return (k == Math.rint(k) ? Long.toString((long) k) : String.format(Locale.ROOT, "%.1f", k)) + " kbit/s";
    }
}
