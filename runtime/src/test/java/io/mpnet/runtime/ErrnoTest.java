package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.compat.RequestTask;
import io.mpnet.runtime.compat.Wx;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * E-1: the errno of every kind of failure, one row each, each failure made through the API as a
 * caller meets it. The values are the platform's errno catalogue ("Errno错误码"), listed with their
 * errMsg in docs/RULES.md, "errno"; {@code io.mpnet.policy.FailReason} is where each is set.
 */
class ErrnoTest extends LoopbackTest {

    static final String HOST = "api.example.com";

    @TempDir
    Path dir;

    final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    @ParameterizedTest(name = "{0} {1}: errMsg ''{3}'', errno {2}")
    @CsvSource(delimiter = '|', textBlock = """
        P-2  | a URL outside the configured domains          | 600002 | request:fail url not in domain list
        R-1  | an unknown method                              | 600005 | request:fail parameter error
        R-2  | data that cannot be serialised                 | 600010 | request:fail parameter error
        T-2  | no answer within the timeout                   | 5      | request:fail timeout
        R-8  | a task aborted by its caller                   | 1      | request:fail abort
        B-2  | a call made in the background                  | 600003 | request:fail interrupted
        L-1  | the eleventh call when full, rejectWhenFull    | 600007 | request:fail exceed max task count
        X-3  | a self-signed certificate                      | 600000 | request:fail ssl hand shake error
        R-4  | a refused connection                           | 600000 | request:fail network error
        R-4  | a DNS answer without an address                | 600000 | request:fail network error
        R-7  | an eleventh redirect                           | 600008 | request:fail network error
        D-1  | a download whose directory went away           | 603300 | downloadFile:fail network error
        """)
    void errnoOfEachFailure(String rule, String what, int errno, String errMsg) throws Exception {
        Seen e = failure(what);
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.errMsg()).isEqualTo(errMsg);
        assertThat(e.errno()).isEqualTo(errno);
    }

    /** What a caller sees of a failure. */
    record Seen(String rule, String errMsg, @Nullable Object errno) {
        static Seen of(MpNetException e) {
            return new Seen(e.rule(), e.errMsg(), e.errno().isPresent() ? e.errno().getAsInt() : null);
        }

        static Seen of(Map<String, Object> fail) {
            return new Seen(String.valueOf(fail.get("rule")), String.valueOf(fail.get("errMsg")), fail.get("errno"));
        }
    }

    Seen failure(String what) throws Exception {
        return what.equals("a task aborted by its caller") ? aborted() : Seen.of(thrownBy(what));
    }

    MpNetException thrownBy(String what) throws Exception {
        return switch (what) {
            case "a URL outside the configured domains" -> error(lanRuntime().request(
                    RequestOptions.get("https://not-configured.example.com/").build()));
            case "an unknown method" -> thrown(() -> RequestOptions.get("https://a.example.com/").method("FETCH").build());
            case "data that cannot be serialised" -> error(lanRuntime().request(
                    RequestOptions.post(lan(okServer(), "/ok")).data(new Unreadable()).build()));
            case "no answer within the timeout" -> timeout();
            case "a call made in the background" -> {
                MiniProgramNetwork net = lanRuntime();
                net.lifecycle().enterBackground();
                yield error(net.request(RequestOptions.get(lan(okServer(), "/ok")).build()));
            }
            case "the eleventh call when full, rejectWhenFull" -> full();
            case "a self-signed certificate" -> {
                TestPki pki = TestPki.create();
                DisposableServer s = server(HttpServer.create().secure(spec -> spec.sslContext(
                        pki.serverContext(Leaf.SELF_SIGNED, HOST))).route(r -> r.get("/", (req, res) -> res.send())));
                yield error(runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port()).build())
                        .trustStore(pki.trustStore())).request(RequestOptions.get("https://" + HOST + ":" + s.port() + "/").build()));
            }
            case "a refused connection" -> {
                DisposableServer s = okServer();
                String url = lan(s, "/ok");
                s.disposeNow(WAIT);
                yield error(lanRuntime().request(RequestOptions.get(url).build()));
            }
            case "a DNS answer without an address" -> {
                DisposableServer s = okServer();
                yield error(runtime(MiniProgramNetwork.builder(lanConfig()
                        .domains(io.mpnet.policy.ApiKind.REQUEST, "https://nowhere.example.com:" + s.port()).build()).resolver(host -> Mono.just(List.of()))).request(
                                RequestOptions.get("https://nowhere.example.com:" + s.port() + "/ok").build()));
            }
            case "an eleventh redirect" -> {
                DisposableServer s = server(r -> r.get("/loop", (req, res) -> res.status(302).header("Location", "/loop").send()));
                yield error(lanRuntime().request(RequestOptions.get(lan(s, "/loop")).build()));
            }
            case "a download whose directory went away" -> {
                Path into = Files.createDirectory(dir.resolve("into"));
                // the directory is there when the call is checked (D-1) and gone when the body arrives
                DisposableServer s = server(r -> r.get("/file", (req, res) -> {
                    try {
                        Files.delete(into);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return res.sendString(Mono.just("body"));
                }));
                yield error(lanRuntime().downloadFile(DownloadOptions.builder(lan(s, "/file"))
                        .filePath(into.resolve("f.txt")).build()));
            }
            default -> throw new IllegalArgumentException(what);
        };
    }

    /** A value Jackson cannot write: its one property throws. */
    public static final class Unreadable {
        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    DisposableServer okServer() {
        return countingServer(r -> r
                .get("/ok", (req, res) -> res.sendString(Mono.just("ok")))
                .post("/ok", (req, res) -> res.sendString(Mono.just("ok")))
                .get("/stall", (req, res) -> {
                    received.add(req.path());
                    return Mono.never();
                }));
    }

    static MpNetException error(org.reactivestreams.Publisher<?> call) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        try {
            reactor.core.publisher.Flux.from(call).blockLast(WAIT);
        } catch (RuntimeException e) {
            error.set(e);
        }
        assertThat(error.get()).as("the call failed").isInstanceOf(MpNetException.class);
        return (MpNetException) error.get();
    }

    static MpNetException thrown(Runnable r) {
        try {
            r.run();
        } catch (MpNetException e) {
            return e;
        }
        throw new AssertionError("no MpNetException");
    }

    MpNetException timeout() throws InterruptedException {
        DisposableServer s = okServer();
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().build()).scheduler(vts));
        AtomicReference<Throwable> error = new AtomicReference<>();
        net.request(RequestOptions.get(lan(s, "/stall")).timeout(Duration.ofSeconds(3)).build())
                .subscribe(r -> { }, error::set);
        awaitRequest();
        vts.advanceTimeBy(Duration.ofSeconds(3));
        return (MpNetException) error.get();
    }

    /** R-8 exists only in the callback layer: the Java API's cancel ends a call without an error. */
    Seen aborted() throws InterruptedException {
        DisposableServer s = okServer();
        BlockingQueue<Map<String, Object>> failed = new LinkedBlockingQueue<>();
        Map<String, Object> options = new HashMap<>();
        options.put("url", lan(s, "/stall"));
        options.put("fail", (Consumer<Map<String, Object>>) failed::add);
        RequestTask task = Wx.of(lanRuntime()).request(options);
        awaitRequest();
        task.abort();
        Map<String, Object> err = failed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(err).as("fail was called").isNotNull();
        return Seen.of(err);
    }

    MpNetException full() throws InterruptedException {
        DisposableServer s = okServer();
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().build()).rejectWhenFull(true));
        List<Disposable> running = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            running.add(net.request(RequestOptions.get(lan(s, "/stall")).build()).subscribe(r -> { }, e -> { }));
        }
        for (int i = 0; i < 10; i++) {
            awaitRequest();
        }
        try {
            return error(net.request(RequestOptions.get(lan(s, "/ok")).build()));
        } finally {
            running.forEach(Disposable::dispose);
        }
    }
}
