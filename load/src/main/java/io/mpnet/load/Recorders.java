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
    private final Map<String, Step> steps = new ConcurrentHashMap<>();
    private final Map<ErrorKey, Recorder> errors = new ConcurrentHashMap<>();

    void record(String tag, long micros) {
        recorder(tag).recordValue(Math.max(0, micros));
    }

    private Recorder recorder(String tag) {
        return byTag.computeIfAbsent(tag, t -> new Recorder(DIGITS));
    }

    /** The recorders of the step named {@code name}: looked up once per call, their tags made once per step. */
    Step step(String name) {
        return steps.computeIfAbsent(name, n -> new Step(recorder(Tags.latency(n)), recorder(Tags.queue(n)),
                recorder(Tags.wire(n))));
    }

    /**
     * The recorder of the failures {@code f} of the step named {@code name}: its tag made once per kind
     * of failure, not per failed call, which a backend that is down makes of every call.
     */
    Recorder error(String name, Tags.Failure f) {
        return errors.computeIfAbsent(new ErrorKey(name, f), k -> recorder(Tags.error(k.step(), k.failure())));
    }

    private record ErrorKey(String step, Tags.Failure failure) {
    }

    /** One step's latency (from its start, or when due), gate queue and wire time recorders. */
    record Step(Recorder latency, Recorder queue, Recorder wire) {
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
