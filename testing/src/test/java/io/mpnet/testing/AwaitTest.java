package io.mpnet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The tests' one bounded wait: it returns once the state is reached, and fails naming what it awaited. */
class AwaitTest {

    @Test
    @DisplayName("returns the first value the predicate accepts, checking again after short pauses")
    void returnsTheAcceptedValue() {
        AtomicInteger reads = new AtomicInteger();
        int seen = Await.until(Duration.ofSeconds(30), "three reads", reads::incrementAndGet, n -> n == 3);
        assertThat(seen).isEqualTo(3);
        assertThat(reads).hasValue(3);
    }

    @Test
    @DisplayName("a condition that holds at once returns at once")
    void holdsAtOnce() {
        Await.until("a condition that holds", () -> true);
    }

    @Test
    @DisplayName("past its bound it fails naming what it awaited and the last value seen")
    void failsNamingWhatItAwaited() {
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(30), "the open sockets to be 0", () -> 2, n -> n == 0))
                .isInstanceOf(AssertionError.class)
                .hasMessage("waited 30 ms for the open sockets to be 0; last seen: 2");
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(30), "the pool to be idle", () -> false))
                .hasMessage("waited 30 ms for the pool to be idle; last seen: false");
    }
}
