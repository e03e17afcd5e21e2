package io.mpnet.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one bounded wait of the tests for a state that no event announces (a counter of open sockets,
 * a pool's lent connections, live threads): checks the condition, then again after a short pause,
 * until it holds or the bound passes, and then fails naming what was awaited and what was last seen.
 * Where the code under test offers an event (a {@code Mono}, a latch, a queue), wait on that instead.
 * Never use this to wait for a timeout of the code under test: those run in virtual time.
 */
public final class Await {

    /** The bound when a test names none, as {@code StepVerifier.verify(Duration.ofSeconds(30))}. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

    // a short first pause (most waits end within a millisecond), longer ones after, so a slow
    // wait does not spin on a shared 2-core machine
    private static final long FIRST_PAUSE_NANOS = 1_000_000;
    private static final long LONGEST_PAUSE_NANOS = 20_000_000;

    private Await() {
    }

    /** Waits up to {@link #DEFAULT_BOUND} until {@code condition} holds; fails naming {@code what}. */
    public static void until(String what, BooleanSupplier condition) {
        until(DEFAULT_BOUND, what, condition);
    }

    /** Waits up to {@code bound} until {@code condition} holds; fails naming {@code what}. */
    public static void until(Duration bound, String what, BooleanSupplier condition) {
        until(bound, what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Waits up to {@code bound} until {@code value} gives a value that {@code accepted} takes, and
     * returns that value; fails naming {@code what} and the last value seen.
     */
    public static <T> T until(Duration bound, String what, Supplier<T> value, Predicate<? super T> accepted) {
        long deadline = System.nanoTime() + bound.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            T seen = value.get();
            if (accepted.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("waited " + bound.toMillis() + " ms for " + what + "; last seen: " + seen);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }
}
