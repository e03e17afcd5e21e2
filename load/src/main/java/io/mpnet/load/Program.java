package io.mpnet.load;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.DownloadResult;
import io.mpnet.runtime.HttpResult;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketEvent;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.TransferEvent;
import io.mpnet.runtime.UploadOptions;
import io.mpnet.runtime.UploadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One simulated mini program: its own {@link MiniProgramNetwork} (so its calls meet its own gate of
 * 10, L-1, its own lifecycle, B-1..B-3, and its own 5 sockets, S-4), its seeded randomness and its
 * variables. Runs the scenario's steps in order; a failed call is recorded and ends the iteration,
 * as an app stops a flow whose call failed.
 */
final class Program {

    /** Sockets wait at most this long for their messages when the step names no timeout (T-1's maximum). */
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int index;
    private final MiniProgramNetwork net;
    private final Scenario scenario;
    private final SplittableRandom random;
    private final Recorders recorders;
    private final Scheduler scheduler;
    private final Runnable callStarted;
    private final Runnable callEnded;
    private final Map<String, String> vars = new ConcurrentHashMap<>();
    private final Disposable.Composite detached = Disposables.composite();
    private final long startedNanos;

    Program(int index, MiniProgramNetwork net, Scenario scenario, Recorders recorders, Scheduler scheduler,
            Runnable callStarted, Runnable callEnded) {
        this.index = index;
        this.net = net;
        this.scenario = scenario;
        // a generator per program from the run's seed and the program's index, so any program replays alone
        this.random = new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + index);
        this.recorders = recorders;
        this.scheduler = scheduler;
        this.callStarted = callStarted;
        this.callEnded = callEnded;
        vars.putAll(scenario.variables());
        vars.put("program", Integer.toString(index));
        this.startedNanos = net.nanoTime();
    }

    /** When the program started, on the runtime clock. */
    long startedNanos() {
        return startedNanos;
    }

    MiniProgramNetwork net() {
        return net;
    }

    /**
     * One run of the scenario. {@code intendedNanos} is when its first call is due on the runtime clock
     * (the open model's arrival), or {@code -1} to measure from each call's actual start (closed model).
     */
    Mono<Void> iteration(int iteration, long intendedNanos) {
        return Mono.defer(() -> {
            vars.put("iteration", Integer.toString(iteration));
            List<Mono<Void>> pending = new ArrayList<>();
            Branch branch = new Branch(intendedNanos, pending);
            return steps(scenario.steps(), branch)
                    .onErrorResume(StepFailed.class, e -> Mono.empty())
                    .then(Mono.defer(() -> {
                        synchronized (pending) {
                            return pending.isEmpty() ? Mono.<Void>empty() : Mono.when(List.copyOf(pending));
                        }
                    }));
        });
    }

    /** Cancels what runs detached ({@code parallel} with {@code wait: false}). */
    void cancel() {
        detached.dispose();
    }

    /**
     * One sequential thread of steps. {@code intended} is when its next step is due (open model), or
     * {@code -1}; {@code pending} collects the detached copies the iteration waits for at its end.
     */
    private static final class Branch {
        long intended;
        final List<Mono<Void>> pending;

        Branch(long intended, List<Mono<Void>> pending) {
            this.intended = intended;
            this.pending = pending;
        }
    }

    /** A failed call ended its branch; already recorded. */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed() {
            super(null, null, false, false);
        }
    }

    private Mono<Void> steps(List<Step> steps, Branch branch) {
        return steps(steps, 0, branch);
    }

    /** Steps {@code i} on, one after another: a chain of {@code then}, lighter per call than a concatMap and its queue. */
    private Mono<Void> steps(List<Step> steps, int i, Branch branch) {
        if (i == steps.size() - 1) {
            return step(steps.get(i), branch);
        }
        return step(steps.get(i), branch).then(Mono.defer(() -> steps(steps, i + 1, branch)));
    }

    private Mono<Void> step(Step step, Branch branch) {
        if (step instanceof Step.Call call) {
            return call(call, branch);
        } else if (step instanceof Step.Think think) {
            return think(think, branch);
        } else if (step instanceof Step.Background) {
            return Mono.fromRunnable(() -> net.lifecycle().enterBackground());
        } else if (step instanceof Step.Foreground) {
            return Mono.fromRunnable(() -> net.lifecycle().enterForeground());
        } else if (step instanceof Step.Network n) {
            return Mono.fromRunnable(() -> net.networkState().conditions(n.conditions()));
        } else if (step instanceof Step.Loop loop) {
            return Flux.range(0, loop.times()).concatMap(i -> steps(loop.steps(), branch)).then();
        }
        return parallel((Step.Parallel) step, branch);
    }

    private Mono<Void> think(Step.Think think, Branch branch) {
        return Mono.defer(() -> {
            long pause = switch (think.distribution()) {
                case FIXED -> think.min().toNanos();
                case UNIFORM -> think.min().toNanos()
                        + (long) (random.nextDouble() * (think.max().toNanos() - think.min().toNanos()));
                case EXPONENTIAL -> (long) (-Math.log(1 - random.nextDouble()) * think.min().toNanos());
            };
            long now = net.nanoTime();
            if (branch.intended < 0) {
                return Mono.delay(Duration.ofNanos(pause), scheduler).then();
            }
            // open model: the next call is due when the pause was meant to end, however late the timer fires
            branch.intended += pause;
            return Mono.delay(Duration.ofNanos(Math.max(0, branch.intended - now)), scheduler).then();
        });
    }

    private Mono<Void> parallel(Step.Parallel p, Branch branch) {
        return Mono.defer(() -> {
            Mono<Void> copies = Flux.range(0, p.times())
                    .flatMap(i -> steps(p.steps(), new Branch(branch.intended, branch.pending))
                            .onErrorResume(StepFailed.class, e -> Mono.empty()))
                    .then();
            if (p.awaited()) {
                return copies.doOnSuccess(v -> {
                    if (branch.intended >= 0) {
                        branch.intended = net.nanoTime();
                    }
                });
            }
            Sinks.Empty<Void> done = Sinks.empty();
            Disposable.Swap running = Disposables.swap();
            detached.add(running);
            running.update(copies.doFinally(s -> {
                detached.remove(running); // a long closed run would otherwise keep every iteration's copies
                done.tryEmitEmpty();
            }).subscribe());
            synchronized (branch.pending) {
                branch.pending.add(done.asMono());
            }
            return Mono.empty();
        });
    }

    /** What a successful call reports: its gate queue time in nanoseconds, or -1 when unknown. */
    private record Outcome(long queueNanos) {
    }

    private Mono<Void> call(Step.Call step, Branch branch) {
        return Mono.defer(() -> {
            long start = net.nanoTime();
            // the open model's correction: count from when the call was due, never from a late start
            long from = branch.intended >= 0 ? Math.min(branch.intended, start) : start;
            callStarted.run();
            Mono<Outcome> exchange;
            try {
                if (step instanceof Step.Request r) {
                    exchange = request(r);
                } else if (step instanceof Step.Upload u) {
                    exchange = upload(u);
                } else if (step instanceof Step.Download d) {
                    exchange = download(d);
                } else {
                    exchange = socket((Step.Socket) step);
                }
            } catch (RuntimeException e) { // a builder's refusal, or a variable a failed step left unset
                exchange = Mono.error(e);
            }
            return exchange
                    .doFinally(s -> callEnded.run())
                    .doOnNext(o -> {
                        long end = net.nanoTime();
                        Recorders.Step r = recorders.step(step.name());
                        r.latency().recordValue(micros(end - from));
                        long queue = o.queueNanos();
                        if (queue >= 0) {
                            r.queue().recordValue(micros(queue));
                        }
                        r.wire().recordValue(micros(end - start - Math.max(0, queue)));
                        if (branch.intended >= 0) {
                            branch.intended = end;
                        }
                    })
                    .onErrorMap(e -> !(e instanceof StepFailed), e -> {
                        long end = net.nanoTime();
                        recorders.error(step.name(), failure(e)).recordValue(micros(end - from));
                        return new StepFailed();
                    })
                    .then();
        });
    }

    private Mono<Outcome> request(Step.Request r) {
        RequestOptions.Builder b = RequestOptions.builder(Templates.fill(r.url(), vars))
                .data(Templates.fillData(r.data(), vars))
                .dataType(r.dataType())
                .timeout(r.timeout())
                .header(Templates.fill(r.header(), vars));
        if (r.method() != null) {
            b.method(r.method());
        }
        return net.request(b.build()).map(result -> {
            expect(r.expectStatus(), result.statusCode());
            extract(r, result);
            return new Outcome(queueNanos(result.profile()));
        });
    }

    private Mono<Outcome> upload(Step.Upload u) {
        UploadOptions options = UploadOptions.builder(Templates.fill(u.url(), vars), u.file(), u.field())
                .formData(Templates.fill(u.formData(), vars))
                .header(Templates.fill(u.header(), vars))
                .build();
        return net.uploadFile(options).ofType(TransferEvent.Completed.class).last().map(c -> {
            UploadResult result = (UploadResult) c.result();
            expect(u.expectStatus(), result.statusCode());
            return new Outcome(-1); // a transfer reports no profile: its gate wait is part of its wire time
        });
    }

    private Mono<Outcome> download(Step.Download d) {
        DownloadOptions options = DownloadOptions.builder(Templates.fill(d.url(), vars))
                .header(Templates.fill(d.header(), vars))
                .build();
        return net.downloadFile(options).ofType(TransferEvent.Completed.class).last().flatMap(c -> {
            DownloadResult result = (DownloadResult) c.result();
            // the body is not the point of a load run: free the disk at once, off the event loop
            return Mono.fromCallable(() -> Files.deleteIfExists(result.path()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .onErrorResume(IOException.class, e -> Mono.just(false))
                    .then(Mono.fromCallable(() -> {
                        expect(d.expectStatus(), result.statusCode());
                        return new Outcome(-1);
                    }));
        });
    }

    private Mono<Outcome> socket(Step.Socket s) {
        SocketOptions options = SocketOptions.of(Templates.fill(s.url(), vars));
        List<String> messages = s.send().stream().map(m -> Templates.fill(m, vars)).toList();
        return net.connectSocket(options).flatMap(task -> {
            Mono<Long> received = task.events()
                    .<SocketEvent>handle((e, sink) -> {
                        if (e instanceof SocketEvent.Error err) {
                            sink.error(err.error());
                        } else {
                            sink.next(e);
                        }
                    })
                    .ofType(SocketEvent.Message.class)
                    .take(s.await()) // then the subscription ends, which closes the socket with 1000
                    .count();
            Mono<Integer> sent = Flux.fromIterable(messages).concatMap(task::send).then(Mono.just(messages.size()));
            return Mono.zip(received, sent).flatMap(t -> t.getT1() < s.await()
                    ? Mono.error(new StepCheck("connectSocket: closed after " + t.getT1() + " of " + s.await()
                            + " messages"))
                    : task.close().thenReturn(new Outcome(-1)));
        }).timeout(s.timeout() != null ? s.timeout() : SOCKET_WAIT, scheduler);
    }

    private static void expect(@Nullable Integer expected, int status) {
        if (expected != null && expected != status) {
            throw new StepCheck("status " + status + ", expected " + expected);
        }
    }

    private void extract(Step.Request r, HttpResult result) {
        if (r.extract().isEmpty()) {
            return;
        }
        JsonNode body = JSON.valueToTree(result.data());
        r.extract().forEach((var, pointer) -> {
            JsonNode v = body.at(pointer);
            if (v.isMissingNode() || v.isNull()) {
                throw new StepCheck("extract " + var + ": " + pointer + " not in the response");
            }
            vars.put(var, v.isValueNode() ? v.asString() : v.toString());
        });
    }

    /** A response the scenario did not expect: reported as the generator's own failure, rule {@code -}. */
    static final class StepCheck extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepCheck(String message) {
            super(message, null, false, false);
        }
    }

    static Tags.Failure failure(Throwable e) {
        if (e instanceof MpNetException m) {
            return new Tags.Failure(m.errMsg(), m.rule(), m.errno());
        }
        if (e instanceof StepCheck c) {
            return new Tags.Failure(String.valueOf(c.getMessage()), "-", OptionalInt.empty());
        }
        if (e instanceof TimeoutException) {
            return new Tags.Failure("step timed out", "-", OptionalInt.empty());
        }
        return new Tags.Failure(e.getClass().getSimpleName(), "-", OptionalInt.empty());
    }

    private static long queueNanos(RequestProfile p) {
        return p.queueStart() < 0 || p.queueEnd() < 0 ? -1 : Math.round((p.queueEnd() - p.queueStart()) * 1e6);
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }

    int index() {
        return index;
    }
}
