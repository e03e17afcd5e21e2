package io.mpnet.load;

import java.time.Duration;
import java.util.Map;

/**
 * One second (one interval) of a run, as the live progress line shows it.
 *
 * @param elapsed time since the run started, on the runtime clock
 * @param programsActive programs running now
 * @param calls calls that ended in the interval, successful or not
 * @param callsPerSecond calls that ended in the interval, per second
 * @param p50Millis the median latency of the interval's successful calls, in ms
 * @param p99Millis their 99th percentile, in ms
 * @param errors failed calls so far by errMsg
 */
public record Progress(Duration elapsed, int programsActive, long calls, double callsPerSecond, double p50Millis,
        double p99Millis, Map<String, Long> errors) {

    public Progress {
        errors = Map.copyOf(errors);
    }

    /** {@code 12s  programs 100  calls/s 812  p50 3.1 ms  p99 9.8 ms  errors: request:fail timeout 2}. */
    public String line() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT, "%4ds  programs %d  calls/s %.0f  p50 %.1f ms  p99 %.1f ms",
                elapsed.toSeconds(), programsActive, callsPerSecond, p50Millis, p99Millis));
        if (errors.isEmpty()) {
            b.append("  errors 0");
        } else {
            b.append("  errors:");
            errors.entrySet().stream().sorted(Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                    .forEach(e -> b.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(';'));
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }
}
