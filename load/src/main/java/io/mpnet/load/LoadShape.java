package io.mpnet.load;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** How programs come and go during a run. */
public sealed interface LoadShape {

    /**
     * A closed model: {@code programs} programs from the start, each looping the scenario until
     * {@code iterations} are done or {@code duration} has passed (a program finishes the iteration it
     * is in). Latency is measured from each call's actual start.
     *
     * @param programs how many programs, 1 or more
     * @param iterations iterations per program; {@code 0} means until {@code duration}
     * @param duration how long programs start new iterations; {@code null} means until {@code iterations}
     */
    record Closed(int programs, int iterations, @Nullable Duration duration) implements LoadShape {
        public Closed {
            if (programs < 1) {
                throw new IllegalArgumentException("programs must be 1 or more, not " + programs);
            }
            if (iterations < 0 || (iterations == 0 && duration == null)) {
                throw new IllegalArgumentException("give iterations (1 or more) or a duration");
            }
        }
    }

    /**
     * An open model: programs arrive at {@code rate} per second whatever the backend does, after a
     * linear ramp from 0 over {@code ramp}, for {@code duration} after the ramp; each runs the scenario
     * {@code iterations} times and ends. Arrival {@code k} is due at a fixed time, and every latency
     * counts from when its call was due (the intended start), so a slow server cannot hide behind a
     * generator that started late: the coordinated-omission correction.
     *
     * @param rate programs per second at full rate, above 0
     * @param ramp the time over which the rate grows from 0 to {@code rate}
     * @param duration how long arrivals come at full rate after the ramp
     * @param iterations iterations per program, 1 or more
     */
    record Open(double rate, Duration ramp, Duration duration, int iterations) implements LoadShape {
        public Open {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be above 0 programs per second, not " + rate);
            }
            if (ramp.isNegative() || duration.isNegative()) {
                throw new IllegalArgumentException("ramp and duration cannot be negative");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be 1 or more, not " + iterations);
            }
        }

        /** How many programs arrive in all: those of the ramp and those of the full rate. */
        public long arrivals() {
            return (long) Math.floor(rate * seconds(ramp) / 2 + rate * seconds(duration));
        }

        /** When arrival {@code k} (from 0) is due, from the start of the run. */
        public Duration dueAt(long k) {
            double rampArrivals = rate * seconds(ramp) / 2;
            double t = k < rampArrivals
                    ? Math.sqrt(2 * k * seconds(ramp) / rate) // N(t) = rate t² / (2 ramp) during the ramp
                    : seconds(ramp) + (k - rampArrivals) / rate;
            return Duration.ofNanos(Math.round(t * 1e9));
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }
    }
}
