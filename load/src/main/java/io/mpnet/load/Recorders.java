package io.mpnet.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One HdrHistogram {@link Recorder} per tag, recorded into by any thread without a lock; every
 * interval the run takes what each recorded since the last ({@link #interval}). Values are
 * microseconds.
 */
final class Recorders {

    /** Three significant digits: 0.1% of a value, HdrHistogram's usual precision. */
    static final int DIGITS = 3;

    private final Map<String, Recorder> byTag = new ConcurrentHashMap<>();

    void record(String tag, long micros) {
        byTag.computeIfAbsent(tag, t -> new Recorder(DIGITS)).recordValue(Math.max(0, micros));
    }

    /** What each tag recorded since the last call, stamped with the interval's absolute times; empty ones left out. */
    List<Histogram> interval(long startMillis, long endMillis) {
        List<Histogram> out = new ArrayList<>();
        byTag.forEach((tag, recorder) -> {
            Histogram h = recorder.getIntervalHistogram();
            if (h.getTotalCount() > 0) {
                h.setTag(tag);
                h.setStartTimeStamp(startMillis);
                h.setEndTimeStamp(endMillis);
                out.add(h);
            }
        });
        return out;
    }
}
