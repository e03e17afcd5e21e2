package io.mpnet.runtime.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.TransferEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** U-2/D-2 progress limits, on an injected clock. */
class ProgressThrottleTest {

    long now;

    List<TransferEvent.Progress> feed(ProgressThrottle t, long total, long step, long millisPerStep) {
        List<TransferEvent.Progress> out = new ArrayList<>();
        for (long b = step; b < total; b += step) {
            now += millisPerStep;
            TransferEvent.Progress p = t.update(b);
            if (p != null) {
                out.add(p);
            }
        }
        now += millisPerStep;
        TransferEvent.Progress last = t.finish(total);
        if (last != null) {
            out.add(last);
        }
        return out;
    }

    static void assertMonotonic(List<TransferEvent.Progress> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).progress()).isGreaterThanOrEqualTo(events.get(i - 1).progress());
            assertThat(events.get(i).totalBytes()).isGreaterThan(events.get(i - 1).totalBytes());
        }
    }

    @Test
    @DisplayName("U-2 at most one event per percent however slow the clock: 101 at most, ending at 100")
    void onePerPercent() {
        ProgressThrottle t = new ProgressThrottle(() -> now, 1_000_000);
        List<TransferEvent.Progress> events = feed(t, 1_000_000, 1_000, 1_000); // a second per KB: time never limits
        assertThat(events).hasSizeLessThanOrEqualTo(101).hasSizeGreaterThan(95);
        assertMonotonic(events);
        assertThat(events.get(events.size() - 1)).isEqualTo(new TransferEvent.Progress(100, 1_000_000, 1_000_000));
        assertThat(events.stream().filter(e -> e.progress() == 100)).hasSize(1);
    }

    @Test
    @DisplayName("D-2 at most one event per 50 ms however fast the bytes come, plus the final")
    void onePerInterval() {
        ProgressThrottle t = new ProgressThrottle(() -> now, 1_000_000);
        List<TransferEvent.Progress> events = feed(t, 1_000_000, 1_000, 1); // 1 s in all: 20 intervals
        assertThat(events).hasSizeLessThanOrEqualTo(20 + 1 + 1);
        for (int i = 1; i < events.size() - 1; i++) {
            assertThat(events.get(i).progress()).isGreaterThan(events.get(i - 1).progress());
        }
        assertMonotonic(events);
        assertThat(events.get(events.size() - 1).progress()).isEqualTo(100);
    }

    @Test
    @DisplayName("D-2 an unknown total is -1 and only time limits; the final event is 100")
    void unknownTotal() {
        ProgressThrottle t = new ProgressThrottle(() -> now, -1);
        List<TransferEvent.Progress> events = feed(t, 500_000, 1_000, 10); // 5 s: 100 intervals
        assertThat(events).allSatisfy(e -> assertThat(e.totalBytesExpected()).isEqualTo(-1));
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> assertThat(e.progress()).isZero());
        assertThat(events).hasSizeLessThanOrEqualTo(101);
        assertThat(events.get(events.size() - 1)).isEqualTo(new TransferEvent.Progress(100, 500_000, -1));
        assertMonotonic(events);
    }

    @Test
    @DisplayName("U-2 counts going backwards or repeated are ignored, and the final comes once")
    void monotonicAndFinalOnce() {
        ProgressThrottle t = new ProgressThrottle(() -> now, 100);
        assertThat(t.update(10)).isEqualTo(new TransferEvent.Progress(10, 10, 100));
        now += 1000;
        assertThat(t.update(5)).isNull();
        assertThat(t.update(10)).isNull();
        assertThat(t.update(100)).as("100 is the final's alone").isNull();
        assertThat(t.finish(100)).isEqualTo(new TransferEvent.Progress(100, 100, 100));
        assertThat(t.finish(100)).isNull();
        assertThat(t.update(100)).isNull();
    }

    @Test
    @DisplayName("U-2 an empty body gives only the final event")
    void emptyBody() {
        ProgressThrottle t = new ProgressThrottle(() -> now, 0);
        assertThat(t.finish(0)).isEqualTo(new TransferEvent.Progress(100, 0, 0));
    }
}
