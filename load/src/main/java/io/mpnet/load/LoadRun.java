package io.mpnet.load;

import io.mpnet.policy.ConfigProblem;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.PolicyDecision;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.NetworkConditions;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One load run: simulated mini programs, each a real {@link MiniProgramNetwork} on shared
 * {@link MpNetResources}, running a {@link Scenario} in a {@link LoadShape}. Every call's latency goes
 * to an HdrHistogram per step (queue time in the gate, L-1, apart from time on the wire); every
 * interval the histograms are taken, written to the interval log when one is given, and summed up as
 * a {@link Progress}. {@link #run()} ends with the {@link LoadReport}.
 *
 * <pre>{@code
 * LoadReport report = LoadRun.builder(Scenario.load(file), NetworkConfig.load(config))
 *         .shape(new LoadShape.Closed(100, 0, Duration.ofMinutes(1)))
 *         .build().run().block();
 * System.out.println(report.summary());
 * }</pre>
 */
public final class LoadRun {

    private final Scenario scenario;
    private final NetworkConfig config;
    private final LoadShape shape;
    private final MpNetResources resources;
    private final NetworkConditions network;
    private final DeviceView device;
    private final @Nullable Scheduler injected;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final int shardIndex;
    private final int shardCount;
    private final Duration interval;
    private final @Nullable OutputStream histogramLog;
    private final Consumer<Progress> progress;

    private final Recorders recorders = new Recorders();
    private final Intervals intervals = new Intervals();
    private final Set<Program> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger callsInFlight = new AtomicInteger();

    private LoadRun(Builder b) {
        this.scenario = b.scenario;
        this.config = b.config;
        this.shape = Objects.requireNonNull(b.shape, "shape: give LoadShape.Closed or LoadShape.Open");
        this.resources = Objects.requireNonNull(b.resources, "resources");
        this.network = b.network != null ? b.network : scenario.network();
        // read once for every program: the host's interfaces are the same for all, and slow to list
        this.device = b.device != null ? b.device : DeviceView.system();
        this.injected = b.scheduler;
        this.scheduler = b.scheduler != null ? b.scheduler : Schedulers.parallel();
        // the clock every runtime reads: the injected scheduler's (virtual time), else the monotonic one
        this.clock = b.scheduler != null ? () -> scheduler.now(TimeUnit.NANOSECONDS) : System::nanoTime;
        this.shardIndex = b.shardIndex;
        this.shardCount = b.shardCount;
        this.interval = b.interval;
        this.histogramLog = b.histogramLog;
        this.progress = b.progress;
        refuseUrls(scenario, NetworkPolicy.of(config, device));
    }

    /**
     * A URL without {@code ${var}} that the policy refuses would fail every call of every program:
     * refused here, before any program starts, as a configuration's problems are found when the runtime
     * is built (C-2), each naming the step, the URL, the rule and the fix.
     */
    private static void refuseUrls(Scenario scenario, NetworkPolicy policy) {
        List<ConfigProblem> problems = new ArrayList<>();
        refuseUrls(scenario, policy, scenario.steps(), problems);
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
    }

    private static void refuseUrls(Scenario scenario, NetworkPolicy policy, List<Step> steps, List<ConfigProblem> problems) {
        for (Step step : steps) {
            if (step instanceof Step.Loop loop) {
                refuseUrls(scenario, policy, loop.steps(), problems);
            } else if (step instanceof Step.Parallel parallel) {
                refuseUrls(scenario, policy, parallel.steps(), problems);
            } else if (step instanceof Step.Call call) {
                String url = call.url();
                if (url.contains("${")) {
                    continue; // judged when the call runs, once its variables are filled in
                }
                PolicyDecision d = policy.check(call.api(), url);
                if (!d.allowed()) {
                    problems.add(new ConfigProblem(scenario.source(), "step '" + call.name() + "' url", url, d.rule(),
                            d.explanation()));
                }
            }
        }
    }

    /** A builder for a run of {@code scenario}, every program under {@code config}. */
    public static Builder builder(Scenario scenario, NetworkConfig config) {
        return new Builder(scenario, config);
    }

    /**
     * The run: cold, it starts when subscribed and ends with the report once every program of this
     * shard has ended. Cancelling it stops the programs.
     */
    public Mono<LoadReport> run() {
        return Mono.defer(() -> {
            long startNanos = clock.getAsLong();
            long startMillis = System.currentTimeMillis();
            HistogramLogWriter writer = histogramLog == null ? null
                    : Intervals.writer(histogramLog, startMillis, "mpnet-load " + describe());
            Snapshots snapshots = new Snapshots(startNanos, startMillis, writer);
            Disposable ticker = Flux.interval(interval, interval, scheduler).subscribe(t -> snapshots.take());
            Mono<Void> programs = shape instanceof LoadShape.Closed c ? closed(c, startNanos) : open((LoadShape.Open) shape, startNanos);
            return programs
                    .doFinally(s -> {
                        ticker.dispose();
                        live.forEach(Program::cancel);
                        if (s == reactor.core.publisher.SignalType.CANCEL) { // a cancelled run closes what it opened
                            live.forEach(p -> p.net().disposeLater().subscribe());
                            live.clear();
                        }
                    })
                    .then(Mono.fromCallable(() -> {
                        snapshots.take();
                        if (writer != null) {
                            writer.close();
                        }
                        return LoadReport.of(describe(), intervals);
                    }));
        });
    }

    /** Calls started and not yet ended, over every program; for tests and progress. */
    public int callsInFlight() {
        return callsInFlight.get();
    }

    /** Calls waiting in their program's gate now (L-1), over every program; for tests. */
    public int callsQueued() {
        return live.stream().mapToInt(p -> p.net().queuedCalls()).sum();
    }

    /** Programs running now. */
    public int programsActive() {
        return live.size();
    }

    /** The run as reports name it: the shape, the shard, the scenario and the network conditions (N-6). */
    String describe() {
        String s = shape instanceof LoadShape.Closed c
                ? "closed, " + c.programs() + " programs"
                        + (c.iterations() > 0 ? ", " + c.iterations() + " iterations each" : "")
                        + (c.duration() != null ? ", " + human(c.duration()) : "")
                : describeOpen((LoadShape.Open) shape);
        return s + (shardCount > 1 ? ", shard " + (shardIndex + 1) + "/" + shardCount : "")
                + ", scenario " + scenario.source() + ", network " + NetworkSetting.describe(network);
    }

    private static String describeOpen(LoadShape.Open o) {
        return "open, " + o.rate() + " programs/s, ramp " + human(o.ramp()) + ", " + human(o.duration())
                + " at full rate, " + o.iterations() + (o.iterations() == 1 ? " iteration" : " iterations") + " each";
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 != 0 ? ms + "ms" : ms % 60_000 != 0 || ms == 0 ? (ms / 1000) + "s" : (ms / 60_000) + "m";
    }

    private Mono<Void> closed(LoadShape.Closed c, long startNanos) {
        long deadline = c.duration() == null ? Long.MAX_VALUE : startNanos + c.duration().toNanos();
        return Flux.fromStream(LongStream.range(0, c.programs()).filter(this::inShard).boxed())
                .flatMap(i -> {
                    Program p = program(i.intValue());
                    return Flux.range(0, c.iterations() > 0 ? c.iterations() : Integer.MAX_VALUE)
                            .concatMap(it -> clock.getAsLong() >= deadline ? Mono.<Integer>error(new Done())
                                    : p.iteration(it, -1).thenReturn(it))
                            .onErrorResume(Done.class, e -> Mono.empty())
                            .then(end(p));
                }, Math.max(1, c.programs()))
                .then();
    }

    private Mono<Void> open(LoadShape.Open o, long startNanos) {
        return Flux.fromStream(LongStream.range(0, o.arrivals()).filter(this::inShard).boxed())
                // one timer at a time, each aimed at an absolute due time, so delays do not add up
                .concatMap(k -> {
                    long due = startNanos + o.dueAt(k).toNanos();
                    long wait = due - clock.getAsLong();
                    Mono<Long> at = wait <= 0 ? Mono.just(due) : Mono.delay(Duration.ofNanos(wait), scheduler).thenReturn(due);
                    return at.map(d -> new long[] {k, d});
                }, 0)
                .flatMap(kd -> {
                    Program p = program((int) kd[0]);
                    return Flux.range(0, o.iterations())
                            .concatMap(it -> p.iteration(it, it == 0 ? kd[1] : -1))
                            .then(end(p));
                }, Integer.MAX_VALUE)
                .then();
    }

    /** Programs by index in the whole run; a shard runs those whose index it owns. */
    private boolean inShard(long index) {
        return index % shardCount == shardIndex;
    }

    private Program program(int index) {
        MiniProgramNetwork.Builder b = MiniProgramNetwork.builder(config).resources(resources).device(device);
        if (injected != null) {
            b.scheduler(injected);
        }
        MiniProgramNetwork net = b.build();
        net.networkState().conditions(network); // NONE changes nothing: a runtime never throttled has no throttle
        Program p = new Program(index, net, scenario, recorders, scheduler,
                callsInFlight::incrementAndGet, callsInFlight::decrementAndGet);
        live.add(p);
        return p;
    }

    private Mono<Void> end(Program p) {
        return Mono.defer(() -> {
            live.remove(p);
            p.cancel();
            recorders.record(Tags.PROGRAMS, (clock.getAsLong() - p.startedNanos()) / 1_000);
            return p.net().disposeLater();
        });
    }

    /** The closed model's deadline passed: no new iteration. */
    private static final class Done extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Done() {
            super(null, null, false, false);
        }
    }

    /** Takes the recorders' interval histograms, logs them and reports progress. */
    private final class Snapshots {
        private final long startNanos;
        private final long startMillis;
        private final @Nullable HistogramLogWriter writer;
        private long lastNanos;
        private final Map<String, Long> errors = new HashMap<>();

        Snapshots(long startNanos, long startMillis, @Nullable HistogramLogWriter writer) {
            this.startNanos = startNanos;
            this.startMillis = startMillis;
            this.writer = writer;
            this.lastNanos = startNanos;
        }

        synchronized void take() {
            long now = clock.getAsLong();
            long from = startMillis + (lastNanos - startNanos) / 1_000_000;
            long to = startMillis + (now - startNanos) / 1_000_000;
            double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
            lastNanos = now;
            List<Histogram> taken = recorders.interval(from, Math.max(to, from + 1));
            Histogram latency = new Histogram(Recorders.DIGITS);
            long calls = 0;
            for (Histogram h : taken) {
                intervals.add(h);
                if (writer != null) {
                    writer.outputIntervalHistogram(h);
                }
                List<String> parts = Tags.parts(h.getTag());
                if (parts.get(0).equals(Tags.LATENCY)) {
                    latency.add(h);
                    calls += h.getTotalCount();
                } else if (parts.get(0).equals(Tags.ERROR)) {
                    calls += h.getTotalCount();
                    errors.merge(parts.get(2), h.getTotalCount(), Long::sum);
                }
            }
            progress.accept(new Progress(Duration.ofNanos(now - startNanos), live.size(), calls, calls / seconds,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, errors));
        }
    }

    /** Builds a {@link LoadRun}; each setter returns this builder. */
    public static final class Builder {
        private final Scenario scenario;
        private final NetworkConfig config;
        private @Nullable LoadShape shape;
        private @Nullable MpNetResources resources;
        private @Nullable NetworkConditions network;
        private @Nullable DeviceView device;
        private @Nullable Scheduler scheduler;
        private int shardIndex;
        private int shardCount = 1;
        private Duration interval = Duration.ofSeconds(1);
        private @Nullable OutputStream histogramLog;
        private Consumer<Progress> progress = p -> { };

        private Builder(Scenario scenario, NetworkConfig config) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The load shape: closed or open. Required. */
        public Builder shape(LoadShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /** The event loops, pool and DNS every program shares. Required: the caller closes them after the run. */
        public Builder resources(MpNetResources resources) {
            this.resources = Objects.requireNonNull(resources, "resources");
            return this;
        }

        /**
         * The network conditions every program starts with (N-6), as a phone on that network; a
         * scenario's {@code network} step changes its program's later. Default: the scenario's.
         */
        public Builder network(NetworkConditions network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Every program's device view (P-10, P-11). Default: the host's. */
        public Builder device(DeviceView device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * The scheduler of think times, arrivals, intervals and every program's timeouts and background
         * grace, whose clock is then the run's (a virtual one in tests). Default: parallel, on {@code System.nanoTime}.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Runs only part {@code index} (from 0) of {@code count}: the programs (closed) or arrivals (open)
         * whose index modulo {@code count} is {@code index}. Program {@code i} is the same in every shard
         * layout (its seed and {@code ${program}}), so merged shards make one run.
         */
        public Builder shard(int index, int count) {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("shard " + (index + 1) + "/" + count
                        + ": give i/n with 1 <= i <= n, e.g. 1/4 for the first of four machines");
            }
            this.shardIndex = index;
            this.shardCount = count;
            return this;
        }

        /** How often histograms are taken, logged and reported. Default 1 s. */
        public Builder interval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be above zero, not " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** Where the HdrHistogram interval log goes; the run writes and closes it. Default: none. */
        public Builder histogramLog(OutputStream out) {
            this.histogramLog = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Told every interval. Default: nothing. */
        public Builder progress(Consumer<Progress> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * The run; nothing starts before {@link LoadRun#run()} is subscribed.
         *
         * @throws ScenarioException when the policy refuses a step's URL (one without {@code ${var}}):
         *     every call of it would fail
         */
        public LoadRun build() {
            return new LoadRun(this);
        }
    }
}
