package io.mpnet.runtime.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/** T-2's deadlines: each expires at its own time, on virtual time, whatever shares its lane. */
class DeadlinesTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Deadlines deadlines = new Deadlines(vts, () -> vts.now(TimeUnit.NANOSECONDS));
    private final List<String> expired = new CopyOnWriteArrayList<>();

    private Disposable add(Duration timeout, String name) {
        return deadlines.add(timeout.toNanos(), () -> expired.add(name));
    }

    @Test
    @DisplayName("T-2: calls sharing a timeout expire one by one at their own deadlines, not at the first one's")
    void oneLane() {
        add(Duration.ofSeconds(60), "a");
        vts.advanceTimeBy(Duration.ofSeconds(10));
        add(Duration.ofSeconds(60), "b");
        vts.advanceTimeBy(Duration.ofMillis(49_999));
        assertThat(expired).isEmpty();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(expired).containsExactly("a");
        vts.advanceTimeBy(Duration.ofMillis(9_999));
        assertThat(expired).containsExactly("a");
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(expired).containsExactly("a", "b");
    }

    @Test
    @DisplayName("T-2: a call that ended leaves its lane, and the lane's timer moves on to the next deadline")
    void leaving() {
        Disposable a = add(Duration.ofSeconds(60), "a");
        vts.advanceTimeBy(Duration.ofSeconds(30));
        add(Duration.ofSeconds(60), "b");
        a.dispose();
        assertThat(a.isDisposed()).isTrue();
        vts.advanceTimeBy(Duration.ofSeconds(30)); // a's deadline: nothing is due, the lane re-arms for b
        assertThat(expired).isEmpty();
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(expired).containsExactly("b");
    }

    @Test
    @DisplayName("T-2: a lane left empty and joined again still fires, at the new call's deadline")
    void emptiedAndJoined() {
        add(Duration.ofSeconds(5), "a").dispose();
        vts.advanceTimeBy(Duration.ofSeconds(2));
        add(Duration.ofSeconds(5), "b");
        vts.advanceTimeBy(Duration.ofSeconds(3)); // the first arming fires, finds b not due
        assertThat(expired).isEmpty();
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(expired).containsExactly("b");
        add(Duration.ofSeconds(5), "c"); // the lane was disarmed when it emptied: joining arms it again
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(expired).containsExactly("b", "c");
    }

    @Test
    @DisplayName("T-2: different timeouts each keep their own order; past the lane limit a call gets its own timer")
    void manyTimeouts() {
        for (int i = Deadlines.MAX_LANES + 4; i >= 1; i--) { // longest first: expiry order must not follow arrival
            add(Duration.ofMillis(100L * i), "t" + i);
        }
        for (int i = 1; i <= Deadlines.MAX_LANES + 4; i++) {
            vts.advanceTimeBy(Duration.ofMillis(100));
            assertThat(expired).hasSize(i).last().isEqualTo("t" + i);
        }
    }

    @Test
    @DisplayName("T-2: an expiry that makes its call leave the lane (the usual path) deadlocks nothing")
    void expiryLeavesTheLane() {
        Disposable[] self = new Disposable[1];
        self[0] = deadlines.add(Duration.ofSeconds(1).toNanos(), () -> {
            self[0].dispose();
            expired.add("a");
        });
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(expired).containsExactly("a");
    }

    @Test
    @DisplayName("T-2: a scheduler that refuses the timer fails the call, and the lane tries again for the next one")
    void refusedTimer() {
        Scheduler disposed = VirtualTimeScheduler.create();
        disposed.dispose();
        Deadlines onDisposed = new Deadlines(disposed, () -> 0L);
        for (int i = 0; i < 2; i++) { // a lane left armed would swallow the second call's deadline silently
            assertThatThrownBy(() -> onDisposed.add(1_000, () -> expired.add("never")))
                    .isInstanceOf(RejectedExecutionException.class);
        }
        assertThat(expired).isEmpty();
    }
}
