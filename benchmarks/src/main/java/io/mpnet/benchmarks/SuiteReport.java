package io.mpnet.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one {@link Suite} run and what is written from them: ratios to raw Reactor Netty,
 * the targets of the benchmark issue with their measured figures, a Markdown table and JSON. Pure
 * (no JMH, no I/O), so it can be unit-tested.
 */
final class SuiteReport {

    /** The client every ratio is taken against. */
    static final String BASELINE = "reactorNetty";

    /** The order clients appear in tables and the chart. */
    static final List<String> CLIENTS = List.of("mpnet", "mpnet10x10", "reactorNetty", "webClient", "jdk", "okhttp");

    /**
     * One client at one concurrency: latency in microseconds, allocation in bytes per call.
     * Callers are closed-loop (each waits for its call before the next), so throughput is callers / mean.
     */
    record ClientRow(String client, String scheme, int callers, double meanUs, double p50Us, double p99Us,
            double bytesPerCall, Spread meanSpread, Spread p50Spread, Spread p99Spread) {

        /** A row whose spread across forks and iterations was not recorded. */
        ClientRow(String client, String scheme, int callers, double meanUs, double p50Us, double p99Us,
                double bytesPerCall) {
            this(client, scheme, callers, meanUs, p50Us, p99Us, bytesPerCall, Spread.UNKNOWN, Spread.UNKNOWN,
                    Spread.UNKNOWN);
        }

        double callsPerSecond() {
            return callers * 1_000_000.0 / meanUs;
        }

        /** Throughput's spread: callers over the highest and the lowest per-iteration mean. */
        Spread throughputSpread() {
            return meanSpread.known()
                    ? new Spread(callers * 1_000_000.0 / meanSpread.high(), callers * 1_000_000.0 / meanSpread.low())
                    : Spread.UNKNOWN;
        }
    }

    /**
     * The lowest and highest value of one figure over every measured iteration of every fork. JMH runs
     * one client per fork, one after the other, so on a shared machine this spread, not the score's
     * confidence interval, says how far a sequential row can be trusted.
     */
    record Spread(double low, double high) {

        static final Spread UNKNOWN = new Spread(Double.NaN, Double.NaN);

        boolean known() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }

        /** The range of {@code this / other} when each may be anywhere in its spread. */
        Spread over(Spread other) {
            return known() && other.known() ? new Spread(low / other.high, high / other.low) : UNKNOWN;
        }

        /** True when the range holds 1: the spread is larger than the difference from the baseline. */
        boolean holdsOne() {
            return known() && low <= 1.0 && high >= 1.0;
        }
    }

    /** {@code request()} throughput with calls spread over {@code runtimes} runtimes. */
    record ScaleRow(int runtimes, double callsPerSecond, double bytesPerCall) {
    }

    /** One policy decision: its kind, the domains configured per kind, its time and allocation. */
    record PolicyRow(String kind, int domains, double nsPerCheck, double bytesPerCheck) {
    }

    /** Heap retained by idle runtimes sharing one resources object, measured in a fresh JVM. */
    record Footprint(int runtimes, double bytesPerRuntime) {
    }

    /** A row's figures over the baseline's at the same scheme and concurrency. */
    record Ratios(double throughput, double p50, double p99, double allocation) {
    }

    /** One target of the issue, the figure measured for it and whether it was met. */
    record Target(String name, String measured, boolean met) {
    }

    private final String date;
    private final String machine;
    private final String profile;
    private final List<ClientRow> clients;
    private final List<ScaleRow> scale;
    private final List<PolicyRow> policy;
    private final @Nullable Footprint footprint;
    private final List<PairedComparison.Result> paired;

    SuiteReport(String date, String machine, String profile, List<ClientRow> clients, List<ScaleRow> scale,
            List<PolicyRow> policy, @Nullable Footprint footprint, List<PairedComparison.Result> paired) {
        this.date = date;
        this.machine = machine;
        this.profile = profile;
        this.clients = sorted(clients);
        this.scale = scale.stream().sorted(Comparator.comparingInt(ScaleRow::runtimes)).toList();
        this.policy = List.copyOf(policy);
        this.footprint = footprint;
        this.paired = List.copyOf(paired);
    }

    private static List<ClientRow> sorted(List<ClientRow> rows) {
        return rows.stream().sorted(Comparator.comparing(ClientRow::scheme)
                .thenComparingInt(ClientRow::callers)
                .thenComparingInt(r -> clientOrder(r.client()))).toList();
    }

    private static int clientOrder(String client) {
        int i = CLIENTS.indexOf(client);
        return i < 0 ? CLIENTS.size() : i;
    }

    List<ClientRow> clients() {
        return clients;
    }

    /** The baseline row of the same scheme and concurrency, if it was measured. */
    Optional<ClientRow> baselineOf(ClientRow row) {
        return find(BASELINE, row.scheme(), row.callers());
    }

    Optional<ClientRow> find(String client, String scheme, int callers) {
        return clients.stream().filter(r -> r.client().equals(client) && r.scheme().equals(scheme)
                && r.callers() == callers).findFirst();
    }

    /**
     * The ranges of the throughput, p50 and p99 ratios of {@code row} to its baseline, each end taken at
     * the ends of both spreads; empty without a baseline, unknown spreads where either was not recorded.
     */
    Optional<List<Spread>> ratioSpreads(ClientRow row) {
        return baselineOf(row).map(b -> List.of(
                row.throughputSpread().over(b.throughputSpread()),
                row.p50Spread().over(b.p50Spread()),
                row.p99Spread().over(b.p99Spread())));
    }

    /** Throughput, p50, p99 and allocation of {@code row} over its baseline's; empty without a baseline. */
    Optional<Ratios> ratios(ClientRow row) {
        return baselineOf(row).map(b -> new Ratios(
                row.callsPerSecond() / b.callsPerSecond(),
                row.p50Us() / b.p50Us(),
                row.p99Us() / b.p99Us(),
                b.bytesPerCall() > 0 ? row.bytesPerCall() / b.bytesPerCall() : Double.NaN));
    }

    /**
     * The targets with their figures: mpnet throughput >= 0.95 x and p99 <= 1.10 x raw Reactor
     * Netty (each scheme and concurrency; at 100 callers the 10 runtimes x 10 shape, since one runtime
     * admits 10 at a time by rule); ahead of WebClient, the JDK client and OkHttp at 10 and 100 callers;
     * flat in runtimes and in domains; the idle-runtime footprint.
     */
    List<Target> targets() {
        List<Target> out = new ArrayList<>();
        for (ClientRow r : clients) {
            boolean compared = r.client().equals(r.callers() >= 100 ? "mpnet10x10" : "mpnet");
            if (!compared) {
                continue;
            }
            // interleaved in one JVM where measured: forks run one after the other swing with the machine
            Optional<PairedComparison.Result> p = pairedOf(r.scheme(), r.callers());
            Optional<Ratios> ratio = ratios(r);
            if (p.isEmpty() && ratio.isEmpty()) {
                continue;
            }
            String where = r.scheme() + ", " + r.callers() + (r.callers() == 1 ? " caller" : " callers")
                    + (r.callers() >= 100 ? " (10 runtimes x 10)" : "");
            double throughput = p.isPresent() ? p.get().throughput() : ratio.get().throughput();
            double p99 = p.isPresent() ? p.get().p99() : ratio.get().p99();
            String how = p.isPresent() ? ", interleaved" : "";
            out.add(new Target("mpnet throughput >= 0.95 x Reactor Netty, " + where + how,
                    fmt2(throughput) + " x", throughput >= 0.95));
            out.add(new Target("mpnet p99 <= 1.10 x Reactor Netty, " + where + how,
                    fmt2(p99) + " x", p99 <= 1.10));
            if (r.callers() >= 10) {
                for (String other : List.of("webClient", "jdk", "okhttp")) {
                    find(other, r.scheme(), r.callers()).ifPresent(o -> out.add(new Target(
                            "mpnet throughput ahead of " + other + ", " + where,
                            fmt0(r.callsPerSecond()) + " vs " + fmt0(o.callsPerSecond()) + " calls/s",
                            r.callsPerSecond() > o.callsPerSecond())));
                }
            }
        }
        if (scale.size() > 1) {
            double first = scale.get(0).callsPerSecond();
            double last = scale.get(scale.size() - 1).callsPerSecond();
            double ratio = last / first;
            // flat both ways: a rise as large as a fall means the figures are noise, not a result
            out.add(new Target("throughput flat from " + scale.get(0).runtimes() + " to "
                    + scale.get(scale.size() - 1).runtimes() + " runtimes (0.90 to 1.10 x)", fmt2(ratio) + " x",
                    ratio >= 0.90 && ratio <= 1.10));
        }
        Map<String, Map<Integer, PolicyRow>> byKind = policyByKind();
        for (Map.Entry<String, Map<Integer, PolicyRow>> e : byKind.entrySet()) {
            Map<Integer, PolicyRow> d = e.getValue();
            if (d.size() > 1) {
                PolicyRow low = d.values().iterator().next();
                PolicyRow high = ((TreeMap<Integer, PolicyRow>) d).lastEntry().getValue();
                double ratio = high.nsPerCheck() / low.nsPerCheck();
                out.add(new Target("policy " + e.getKey() + " flat from " + low.domains() + " to " + high.domains()
                        + " domains (0.80 to 1.25 x)", fmt2(ratio) + " x", ratio >= 0.80 && ratio <= 1.25));
            }
        }
        if (footprint != null) {
            out.add(new Target("heap per idle runtime <= 4 KiB (" + footprint.runtimes() + " runtimes)",
                    fmt0(footprint.bytesPerRuntime()) + " B", footprint.bytesPerRuntime() <= 4096));
        }
        return out;
    }

    /** The interleaved comparison at {@code scheme} and {@code callers}, if it was run. */
    Optional<PairedComparison.Result> pairedOf(String scheme, int callers) {
        return paired.stream().filter(r -> r.scheme().equals(scheme) && r.callers() == callers).findFirst();
    }

    private Map<String, Map<Integer, PolicyRow>> policyByKind() {
        Map<String, Map<Integer, PolicyRow>> byKind = new LinkedHashMap<>();
        for (PolicyRow p : policy) {
            byKind.computeIfAbsent(p.kind(), k -> new TreeMap<>()).put(p.domains(), p);
        }
        return byKind;
    }

    /** The Markdown the README's Benchmarks section shows. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(date).append(", ").append(machine).append(", profile `").append(profile)
                .append("`. Ratios are to raw Reactor Netty (`").append(BASELINE)
                .append("`) at the same scheme and callers; throughput is callers / mean latency (closed loop).\n");
        // the interleaved comparison leads: both clients meet the same machine load, so its ratios are steady
        if (!paired.isEmpty()) {
            md.append("\nmpnet against raw Reactor Netty interleaved in one JVM (the callers switch client every phase,"
                    + " so the machine's other load falls on both; `pairs` is the spread of the per-pair ratios):\n\n");
            md.append("| scheme | callers | mpnet calls/s | raw calls/s | × throughput | pairs | × p50 | × p99 | × CPU per call |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (PairedComparison.Result r : paired) {
                md.append("| ").append(r.scheme()).append(" | ").append(r.callers()).append(" | ")
                        .append(fmt0(r.mpnetCallsPerSecond())).append(" | ").append(fmt0(r.rawCallsPerSecond()))
                        .append(" | ").append(fmt2(r.throughput())).append(" | ").append(fmt2(r.lowestPair()))
                        .append("–").append(fmt2(r.highestPair())).append(" | ").append(fmt2(r.p50()))
                        .append(" | ").append(fmt2(r.p99())).append(" | ").append(fmt2(r.cpuPerCall())).append(" |\n");
            }
        }
        List<ClientRow> spread = clients.stream().filter(r -> r.meanSpread().known()).toList();
        if (!spread.isEmpty()) {
            md.append("\nEvery client on its own, one JMH fork after the other (the figure, then in brackets its lowest"
                    + " and highest over every fork and iteration). A ratio whose range holds 1.00 is *within noise*:"
                    + " the machine moved it more than it differs from raw Reactor Netty.\n\n");
            md.append("| scheme | callers | client | calls/s | p50 µs | p99 µs | B/call | × throughput | × p50 | × p99 | × alloc |\n");
            md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (ClientRow r : spread) {
                Optional<Ratios> ratio = ratios(r);
                Optional<List<Spread>> ranges = ratioSpreads(r);
                md.append("| ").append(r.scheme()).append(" | ").append(r.callers()).append(" | ").append(r.client())
                        .append(" | ").append(withSpread0(r.callsPerSecond(), r.throughputSpread()))
                        .append(" | ").append(withSpread0(r.p50Us(), r.p50Spread()))
                        .append(" | ").append(withSpread0(r.p99Us(), r.p99Spread()))
                        .append(" | ").append(fmt0(r.bytesPerCall()));
                List<ToDoubleFunction<Ratios>> figures = List.of(Ratios::throughput, Ratios::p50, Ratios::p99);
                for (int i = 0; i < figures.size(); i++) {
                    int at = i;
                    md.append(" | ").append(ratio.map(x -> ratioCell(r, figures.get(at).applyAsDouble(x),
                            ranges.get().get(at))).orElse("–"));
                }
                md.append(" | ").append(ratio.map(x -> fmt2(x.allocation())).orElse("–")).append(" |\n");
            }
        }
        if (spread.size() < clients.size()) {
            md.append("\n").append(clients.size() - spread.size()).append(" sequential JMH rows of this run were recorded"
                    + " without their spread across forks and iterations, so they are not shown here;"
                    + " `latest.json` keeps them.\n");
        }
        if (!scale.isEmpty()) {
            md.append("\n| runtimes sharing one `MpNetResources` | calls/s (10 callers, round-robin) | × 1 runtime | B/call |\n");
            md.append("|---:|---:|---:|---:|\n");
            double first = scale.get(0).callsPerSecond();
            for (ScaleRow s : scale) {
                md.append("| ").append(s.runtimes()).append(" | ").append(fmt0(s.callsPerSecond())).append(" | ")
                        .append(fmt2(s.callsPerSecond() / first)).append(" | ").append(fmt0(s.bytesPerCall())).append(" |\n");
            }
        }
        Map<String, Map<Integer, PolicyRow>> byKind = policyByKind();
        if (!byKind.isEmpty()) {
            List<Integer> counts = policy.stream().map(PolicyRow::domains).distinct().sorted().toList();
            md.append("\n| policy decision, all six kinds configured |");
            counts.forEach(c -> md.append(" ").append(c).append(c == 1 ? " domain" : " domains").append(" |"));
            md.append(" B/check |\n|---|");
            counts.forEach(c -> md.append("---:|"));
            md.append("---:|\n");
            for (Map.Entry<String, Map<Integer, PolicyRow>> e : byKind.entrySet()) {
                md.append("| ").append(e.getKey()).append(" |");
                for (Integer c : counts) {
                    PolicyRow p = e.getValue().get(c);
                    md.append(" ").append(p == null ? "–" : fmt0(p.nsPerCheck()) + " ns").append(" |");
                }
                md.append(" ").append(fmt0(e.getValue().values().iterator().next().bytesPerCheck())).append(" |\n");
            }
        }
        if (footprint != null) {
            md.append("\nHeap retained per idle `MiniProgramNetwork` sharing one `MpNetResources` (")
                    .append(footprint.runtimes()).append(" runtimes, used heap after full GCs): **")
                    .append(fmt0(footprint.bytesPerRuntime())).append(" B**.\n");
        }
        List<Target> targets = targets();
        if (!targets.isEmpty()) {
            md.append("\n| target | measured | met |\n|---|---:|:---:|\n");
            for (Target t : targets) {
                md.append("| ").append(t.name()).append(" | ").append(t.measured()).append(" | ")
                        .append(t.met() ? "yes" : "**no**").append(" |\n");
            }
        }
        return md.toString();
    }

    /** Everything measured, ratios and targets included, as JSON. */
    String json() {
        StringBuilder j = new StringBuilder();
        j.append("{\n  \"date\": ").append(str(date)).append(",\n  \"machine\": ").append(str(machine))
                .append(",\n  \"profile\": ").append(str(profile)).append(",\n  \"baseline\": ").append(str(BASELINE))
                .append(",\n  \"clients\": [");
        for (int i = 0; i < clients.size(); i++) {
            ClientRow r = clients.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"client\": ").append(str(r.client()))
                    .append(", \"scheme\": ").append(str(r.scheme())).append(", \"callers\": ").append(r.callers())
                    .append(", \"callsPerSecond\": ").append(num(r.callsPerSecond()))
                    .append(", \"meanUs\": ").append(num(r.meanUs())).append(", \"p50Us\": ").append(num(r.p50Us()))
                    .append(", \"p99Us\": ").append(num(r.p99Us())).append(", \"bytesPerCall\": ").append(num(r.bytesPerCall()));
            if (r.meanSpread().known()) {
                j.append(", \"spread\": {\"meanUs\": ").append(range(r.meanSpread())).append(", \"p50Us\": ")
                        .append(range(r.p50Spread())).append(", \"p99Us\": ").append(range(r.p99Spread())).append("}");
            }
            Optional<Ratios> ratio = ratios(r);
            if (ratio.isPresent()) {
                Ratios x = ratio.get();
                j.append(", \"ratios\": {\"throughput\": ").append(num(x.throughput())).append(", \"p50\": ")
                        .append(num(x.p50())).append(", \"p99\": ").append(num(x.p99())).append(", \"allocation\": ")
                        .append(num(x.allocation())).append("}");
            }
            j.append("}");
        }
        j.append("\n  ],\n  \"runtimeScale\": [");
        for (int i = 0; i < scale.size(); i++) {
            ScaleRow s = scale.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"runtimes\": ").append(s.runtimes())
                    .append(", \"callsPerSecond\": ").append(num(s.callsPerSecond()))
                    .append(", \"bytesPerCall\": ").append(num(s.bytesPerCall())).append("}");
        }
        j.append("\n  ],\n  \"policy\": [");
        for (int i = 0; i < policy.size(); i++) {
            PolicyRow p = policy.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"kind\": ").append(str(p.kind())).append(", \"domains\": ")
                    .append(p.domains()).append(", \"nsPerCheck\": ").append(num(p.nsPerCheck()))
                    .append(", \"bytesPerCheck\": ").append(num(p.bytesPerCheck())).append("}");
        }
        j.append("\n  ],\n  \"footprint\": ");
        if (footprint == null) {
            j.append("null");
        } else {
            j.append("{\"runtimes\": ").append(footprint.runtimes()).append(", \"bytesPerRuntime\": ")
                    .append(num(footprint.bytesPerRuntime())).append("}");
        }
        j.append(",\n  \"paired\": [");
        for (int i = 0; i < paired.size(); i++) {
            PairedComparison.Result r = paired.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"scheme\": ").append(str(r.scheme())).append(", \"callers\": ")
                    .append(r.callers()).append(", \"mpnetCallsPerSecond\": ").append(num(r.mpnetCallsPerSecond()))
                    .append(", \"rawCallsPerSecond\": ").append(num(r.rawCallsPerSecond()))
                    .append(", \"throughput\": ").append(num(r.throughput())).append(", \"lowestPair\": ")
                    .append(num(r.lowestPair())).append(", \"highestPair\": ").append(num(r.highestPair()))
                    .append(", \"p50\": ").append(num(r.p50())).append(", \"p99\": ").append(num(r.p99()))
                    .append(", \"cpuPerCall\": ").append(num(r.cpuPerCall())).append("}");
        }
        j.append("\n  ],\n  \"targets\": [");
        List<Target> targets = targets();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(str(t.name())).append(", \"measured\": ")
                    .append(str(t.measured())).append(", \"met\": ").append(t.met()).append("}");
        }
        j.append("\n  ]\n}\n");
        return j.toString();
    }

    /** Where {@link #spliceInto} puts the table in the README. */
    static final String BEGIN = "<!-- suite:begin -->";
    static final String END = "<!-- suite:end -->";

    /**
     * {@code readme} with the text between {@link #BEGIN} and {@link #END} replaced by {@code markdown};
     * empty when the markers are missing, so a README without them is left alone.
     */
    static Optional<String> spliceInto(String readme, String markdown) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            return Optional.empty();
        }
        return Optional.of(readme.substring(0, begin + BEGIN.length()) + "\n" + markdown
                + (markdown.endsWith("\n") ? "" : "\n") + readme.substring(end));
    }

    /** {@code 12 006 (9 800–13 100)}. */
    static String withSpread0(double v, Spread s) {
        return fmt0(v) + " (" + fmt0(s.low()) + "–" + fmt0(s.high()) + ")";
    }

    /** A ratio cell: the ratio, its range, and "within noise" when the range holds 1 (the baseline is 1.00). */
    private static String ratioCell(ClientRow row, double ratio, Spread range) {
        if (row.client().equals(BASELINE) || !range.known()) {
            return fmt2(ratio);
        }
        return fmt2(ratio) + " (" + fmt2(range.low()) + "–" + fmt2(range.high()) + ")"
                + (range.holdsOne() ? " within noise" : "");
    }

    static String fmt0(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v).replace(',', ' ');
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String range(Spread s) {
        return "[" + num(s.low()) + ", " + num(s.high()) + "]";
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String str(String s) {
        Objects.requireNonNull(s);
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
