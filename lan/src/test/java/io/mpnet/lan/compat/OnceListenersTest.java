package io.mpnet.lan.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.compat.OnceListeners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The once-only listeners of the LAN sockets, without I/O: every listener hears the event exactly once. */
class OnceListenersTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Adds {@code PER_THREAD} counting listeners on each thread while {@code event} runs here; the counters. */
    private List<AtomicInteger> addWhile(Consumer<Consumer<Map<String, Object>>> add, Runnable event)
            throws Exception {
        List<AtomicInteger> counters = new ArrayList<>();
        for (int i = 0; i < THREADS * PER_THREAD; i++) {
            counters.add(new AtomicInteger());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> adding = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<AtomicInteger> mine = counters.subList(t * PER_THREAD, (t + 1) * PER_THREAD);
            adding.add(threads.submit(() -> {
                start.await();
                mine.forEach(c -> add.accept(m -> c.incrementAndGet()));
                return null;
            }));
        }
        start.countDown();
        event.run();
        for (Future<?> f : adding) {
            f.get();
        }
        return counters;
    }

    @Test
    @DisplayName("N-3 a once-only event (onConnect, onListening, onClose): listeners added on other threads while it"
            + " fires each get it exactly once, and a second fire is no event")
    void onceExactlyOnce() throws Exception {
        OnceListeners once = new OnceListeners("onConnect", Listeners::call);

        List<AtomicInteger> counters = addWhile(once::add, () -> once.fire(Map.of()));
        once.fire(Map.of());

        assertThat(counters).allSatisfy(c -> assertThat(c).hasValue(1));
    }

    @Test
    @DisplayName("N-3 the error a socket closes on: listeners added on other threads while it fires and closes each"
            + " get it exactly once")
    void lastErrorExactlyOnce() throws Exception {
        ErrorListeners errors = new ErrorListeners();

        List<AtomicInteger> counters = addWhile(errors::add, () -> {
            errors.fireLast(Map.of("errMsg", "tcp:fail network error"));
            errors.closing();
        });
        errors.closing();

        assertThat(counters).allSatisfy(c -> assertThat(c).hasValue(1));
    }

    @Test
    @DisplayName("N-3 errors that leave the socket open are not replayed: a plain error, and one that another event"
            + " followed before the close")
    void otherErrorsNotReplayed() {
        ErrorListeners errors = new ErrorListeners();
        AtomicInteger early = new AtomicInteger();
        AtomicInteger late = new AtomicInteger();
        errors.add(m -> early.incrementAndGet());

        errors.fire(Map.of("errMsg", "tcp:fail parameter error"));
        errors.fireLast(Map.of("errMsg", "tcp:fail parameter error"));
        errors.passed(); // the socket connected after all
        errors.closing();
        errors.add(m -> late.incrementAndGet());

        assertThat(early).hasValue(2);
        assertThat(late).hasValue(0);
    }
}
