package io.mpnet.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run (or the merged interval logs of many) measured: per step, the count, the failures and
 * the latency percentiles (from each call's start, or from when it was due in the open model), the
 * queue time in the gate (L-1) apart from the time on the wire; failures by errMsg, rule and errno;
 * and one row per second. Printed with {@link #summary()}, {@link #toJson()} and {@link #toHtml()}.
 *
 * @param run what ran: the shape, the shard, the scenario, the network conditions (N-6)
 * @param startMillis when the first interval began (epoch ms)
 * @param seconds how long the intervals span, in seconds
 * @param steps per step, in the order first seen
 * @param errors failed calls by step and reason, most first
 * @param timeline one row per second
 * @param distribution the latency of every successful call, as a percentile spectrum
 * @param programs programs that ended
 */
public record LoadReport(String run, long startMillis, double seconds, List<StepStats> steps,
        List<ErrorCount> errors, List<Second> timeline, List<Point> distribution, long programs) {

    public LoadReport {
        steps = List.copyOf(steps);
        errors = List.copyOf(errors);
        timeline = List.copyOf(timeline);
        distribution = List.copyOf(distribution);
    }

    /**
     * One step's figures; times in milliseconds.
     *
     * @param name the step's name
     * @param calls calls that ended, successful or not
     * @param failed calls that failed
     * @param latency successful calls, from their start (or when due, open model)
     * @param queue time waiting in the gate of 10 (L-1); {@code null} when the step reports none (transfers, sockets)
     * @param wire time after the gate, to the end of the call
     */
    public record StepStats(String name, long calls, long failed, Percentiles latency, @Nullable Percentiles queue,
            Percentiles wire) {
    }

    /**
     * Percentiles in milliseconds, at HdrHistogram's precision (3 significant digits).
     *
     * @param count values recorded
     * @param p50 the median
     * @param p90 the 90th percentile
     * @param p99 the 99th
     * @param p999 the 99.9th
     * @param max the largest
     */
    public record Percentiles(long count, double p50, double p90, double p99, double p999, double max) {
        static Percentiles of(Histogram h) {
            return new Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }
    }

    /**
     * Failed calls of one step for one reason.
     *
     * @param step the step's name
     * @param errMsg the platform's errMsg, or the generator's words for a response the scenario did not expect
     * @param rule the rule id that decided (look it up in docs/RULES.md), or {@code -}
     * @param errno the platform's errno, when it defines one
     * @param count how many
     */
    public record ErrorCount(String step, String errMsg, String rule, OptionalInt errno, long count) {
    }

    /**
     * One second of the run, all steps together.
     *
     * @param second seconds since the start
     * @param calls calls that ended in it
     * @param failed calls that failed in it
     * @param p50 the median latency of its successful calls, ms
     * @param p99 their 99th percentile, ms
     * @param p999 their 99.9th percentile, ms
     */
    public record Second(int second, long calls, long failed, double p50, double p99, double p999) {
    }

    /**
     * A point of the latency distribution.
     *
     * @param percentile the percentile, 0 to 100
     * @param millis the latency at it
     */
    public record Point(double percentile, double millis) {
    }

    /** The report of the intervals {@code intervals} hold. */
    static LoadReport of(String run, Intervals intervals) {
        List<Histogram> all = intervals.all();
        Map<String, Histogram> latency = new LinkedHashMap<>();
        Map<String, Histogram> queue = new LinkedHashMap<>();
        Map<String, Histogram> wire = new LinkedHashMap<>();
        Map<List<String>, Long> errors = new LinkedHashMap<>();
        Map<String, Long> failedByStep = new LinkedHashMap<>();
        Histogram overall = new Histogram(Recorders.DIGITS);
        TreeMap<Integer, Histogram> perSecond = new TreeMap<>();
        TreeMap<Integer, long[]> countsPerSecond = new TreeMap<>();
        long start = all.stream().mapToLong(Histogram::getStartTimeStamp).min().orElse(System.currentTimeMillis());
        long end = all.stream().mapToLong(Histogram::getEndTimeStamp).max().orElse(start);
        long programs = 0;
        List<String> order = new ArrayList<>();
        for (Histogram h : all) {
            List<String> parts = Tags.parts(h.getTag() == null ? "" : h.getTag());
            int second = (int) ((h.getStartTimeStamp() - start) / 1000);
            long[] counts = countsPerSecond.computeIfAbsent(second, s -> new long[2]);
            switch (parts.get(0)) {
                case Tags.LATENCY -> {
                    add(latency, parts.get(1), h);
                    overall.add(h);
                    perSecond.computeIfAbsent(second, s -> new Histogram(Recorders.DIGITS)).add(h);
                    counts[0] += h.getTotalCount();
                    note(order, parts.get(1));
                }
                case Tags.QUEUE -> add(queue, parts.get(1), h);
                case Tags.WIRE -> add(wire, parts.get(1), h);
                case Tags.ERROR -> {
                    errors.merge(parts, h.getTotalCount(), Long::sum);
                    failedByStep.merge(parts.get(1), h.getTotalCount(), Long::sum);
                    counts[0] += h.getTotalCount();
                    counts[1] += h.getTotalCount();
                    note(order, parts.get(1));
                }
                case Tags.PROGRAMS -> programs += h.getTotalCount();
                default -> { } // a tag of a newer version: left out
            }
        }
        Histogram empty = new Histogram(Recorders.DIGITS);
        List<StepStats> steps = new ArrayList<>();
        for (String name : order) {
            Histogram l = latency.getOrDefault(name, empty);
            long failed = failedByStep.getOrDefault(name, 0L);
            Histogram q = queue.get(name);
            steps.add(new StepStats(name, l.getTotalCount() + failed, failed, Percentiles.of(l),
                    q == null ? null : Percentiles.of(q), Percentiles.of(wire.getOrDefault(name, empty))));
        }
        List<ErrorCount> errorCounts = new ArrayList<>();
        errors.forEach((p, n) -> errorCounts.add(new ErrorCount(p.get(1), Tags.Failure.of(p).errMsg(),
                p.get(3), Tags.Failure.of(p).errno(), n)));
        errorCounts.sort(Comparator.comparingLong(ErrorCount::count).reversed());
        List<Second> timeline = new ArrayList<>();
        if (!countsPerSecond.isEmpty()) {
            for (int s = 0; s <= countsPerSecond.lastKey(); s++) {
                long[] c = countsPerSecond.getOrDefault(s, new long[2]);
                Histogram h = perSecond.getOrDefault(s, empty);
                timeline.add(new Second(s, c[0], c[1], ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                        ms(h.getValueAtPercentile(99.9))));
            }
        }
        List<Point> distribution = new ArrayList<>();
        if (overall.getTotalCount() > 0) {
            for (double p : new double[] {0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 98, 99,
                    99.5, 99.9, 99.95, 99.99, 100}) {
                distribution.add(new Point(p, ms(p == 100 ? overall.getMaxValue() : overall.getValueAtPercentile(p))));
            }
        }
        return new LoadReport(run, start, Math.max(0, (end - start) / 1000.0), steps, errorCounts, timeline,
                distribution, programs);
    }

    private static void add(Map<String, Histogram> into, String key, Histogram h) {
        into.computeIfAbsent(key, k -> new Histogram(Recorders.DIGITS)).add(h);
    }

    private static void note(List<String> order, String step) {
        if (!order.contains(step)) {
            order.add(step);
        }
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** Calls that ended, over every step. */
    public long calls() {
        return steps.stream().mapToLong(StepStats::calls).sum();
    }

    /** Calls that failed, over every step. */
    public long failed() {
        return steps.stream().mapToLong(StepStats::failed).sum();
    }

    /** The step named {@code name}. */
    public StepStats step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step '" + name + "' in this report; steps: "
                        + steps.stream().map(StepStats::name).toList()));
    }

    /** The terminal summary: one line per step, then the failures by reason. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("mpnet-load: ").append(run).append('\n');
        b.append(String.format(Locale.ROOT, "%d calls in %.1f s (%.0f calls/s), %d failed, %d programs ended%n",
                calls(), seconds, seconds > 0 ? calls() / seconds : 0.0, failed(), programs));
        int w = Math.max(4, steps.stream().mapToInt(s -> s.name().length()).max().orElse(4));
        b.append(String.format(Locale.ROOT, "%-" + w + "s %8s %7s %9s %9s %9s %9s %9s %11s %10s%n", "step", "calls",
                "failed", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "queue p99", "wire p99"));
        for (StepStats s : steps) {
            b.append(String.format(Locale.ROOT, "%-" + w + "s %8d %7d %9.1f %9.1f %9.1f %9.1f %9.1f %11s %10.1f%n",
                    s.name(), s.calls(), s.failed(), s.latency().p50(), s.latency().p90(), s.latency().p99(),
                    s.latency().p999(), s.latency().max(),
                    s.queue() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.queue().p99()), s.wire().p99()));
        }
        if (!errors.isEmpty()) {
            b.append("failures (rules explained in docs/RULES.md):\n");
            for (ErrorCount e : errors) {
                b.append(String.format(Locale.ROOT, "  %6d  %s  %s [%s]%s%n", e.count(), e.step(), e.errMsg(),
                        e.rule(), e.errno().isPresent() ? " errno " + e.errno().getAsInt() : ""));
            }
        }
        return b.toString();
    }

    /** The report as JSON (this record's fields). */
    public String toJson() {
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run);
        out.put("startMillis", startMillis);
        out.put("seconds", seconds);
        out.put("calls", calls());
        out.put("failed", failed());
        out.put("programs", programs);
        out.put("steps", steps);
        List<Map<String, Object>> errs = new ArrayList<>();
        for (ErrorCount e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", e.step());
            m.put("errMsg", e.errMsg());
            m.put("rule", e.rule());
            m.put("errno", e.errno().isPresent() ? e.errno().getAsInt() : null);
            m.put("count", e.count());
            errs.add(m);
        }
        out.put("errors", errs);
        out.put("timeline", timeline);
        out.put("distribution", distribution);
        return mapper.writeValueAsString(out);
    }

    /** The report as one self-contained HTML file: inline SVG charts, no script, nothing fetched. */
    public String toHtml() {
        return HtmlReport.render(this);
    }
}
