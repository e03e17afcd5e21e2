package io.mpnet.examples;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.DownloadResult;
import io.mpnet.runtime.HttpResult;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkConditions;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketEvent;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.SocketTask;
import io.mpnet.runtime.TransferEvent;
import io.mpnet.runtime.UploadOptions;
import io.mpnet.runtime.UploadResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The quickstart: starts an HTTPS backend on loopback, builds a runtime from the shipped
 * {@code mpnet.json}, and walks through the platform's rules one step at a time, printing what
 * happens. Run it from the repository root with
 * {@code mvn -B -q -ntp -pl examples -am compile exec:java}; it ends by itself in a few seconds.
 */
public final class Quickstart {

    /** How long the demo waits for any one call before giving up (calls take milliseconds here). */
    static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * One step of the walk-through.
     *
     * @param title the heading printed before the step
     * @param body what the step does and prints
     */
    record Step(String title, StepBody body) {
    }

    /** What a step does, against the running environment. */
    @FunctionalInterface
    interface StepBody {
        void run(DemoEnvironment demo) throws Exception;
    }

    private Quickstart() {
    }

    /** The walk-through, in order. A new step is one method below and one line here. */
    static List<Step> steps() {
        return List.of(
                new Step("A JSON POST (R-2: a Map is sent as JSON; P-9: mpnet sets the Referer)", Quickstart::jsonPost),
                new Step("A form POST (R-2: application/x-www-form-urlencoded)", Quickstart::formPost),
                new Step("A 500 still succeeds (R-4: any status is a success; the caller reads statusCode)",
                        Quickstart::serverError),
                new Step("Text as the server meant it (R-5, R-6: the charset decoded, a BOM removed)", Quickstart::text),
                new Step("An upload and a download, streamed from and to disk with progress (U-1..U-3, D-1..D-4)",
                        Quickstart::transfers),
                new Step("A WebSocket echo (S-1..S-3: wss to a configured socket domain, closed with a valid code)",
                        Quickstart::socket),
                new Step("Twelve calls at once meet the gate of 10 (L-1)", Quickstart::gate),
                new Step("Refused by the policy before anything is sent (P-*)", Quickstart::refusals),
                new Step("The app goes to the background (B-1, B-2)", Quickstart::background),
                new Step("A phone on a slow network: the developer tools' throttling (N-6)", Quickstart::slowNetwork));
    }

    /**
     * Runs the walk-through, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        run(Transcript.utf8StandardOutput(), System.console() != null);
    }

    /** Runs every step against a fresh environment, printing the transcript to {@code out}. */
    static void run(PrintStream out) throws Exception {
        run(out, false);
    }

    /** As {@link #run(PrintStream)}; {@code live} redraws progress bars in place, for a terminal. */
    static void run(PrintStream out, boolean live) throws Exception {
        Transcript t = new Transcript(out, live);
        long start = System.nanoTime();
        t.title("mpnet quickstart: the mini-program network rules on the JVM, against a backend on this machine");
        try (DemoEnvironment demo = DemoEnvironment.start(t)) {
            for (Step step : steps()) {
                t.step(step.title());
                step.body().run(demo);
            }
        }
        t.end(String.format("done in %.1f s; everything started was closed.", (System.nanoTime() - start) / 1e9));
    }

    static void jsonPost(DemoEnvironment d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", "mei");
        data.put("score", 99);
        String url = d.api("/echo");
        d.out.say("net.request(RequestOptions.post(\"%s\").data(%s))", url, data);
        HttpResult r = d.net.request(RequestOptions.post(url).data(data).build()).block(WAIT);
        Map<?, ?> seen = (Map<?, ?>) r.data();
        d.out.say("<- %d; the backend saw:", r.statusCode());
        d.out.say("   Content-Type %s", seen.get("contentType"));
        d.out.say("   body         %s", seen.get("body"));
        d.out.say("   Referer      %s", seen.get("referer"));
        d.out.say("r.data() is a %s: the JSON reply parsed (dataType json, the default)", r.data().getClass().getSimpleName());
    }

    static void formPost(DemoEnvironment d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("city", "深圳");
        data.put("q", "coffee & tea");
        String url = d.api("/echo");
        d.out.say("net.request(RequestOptions.post(...).header(\"content-type\", \"application/x-www-form-urlencoded\").data(%s))", data);
        HttpResult r = d.net.request(RequestOptions.post(url)
                .header("content-type", "application/x-www-form-urlencoded").data(data).build()).block(WAIT);
        Map<?, ?> seen = (Map<?, ?>) r.data();
        d.out.say("<- %d; the backend saw:", r.statusCode());
        d.out.say("   Content-Type %s", seen.get("contentType"));
        d.out.say("   body         %s   (encodeURIComponent of each key and value)", seen.get("body"));
    }

    static void serverError(DemoEnvironment d) {
        String url = d.api("/broken");
        d.out.say("net.request(RequestOptions.get(\"%s\"))", url);
        HttpResult r = d.net.request(RequestOptions.get(url).build()).block(WAIT);
        d.out.say("<- success with statusCode %d, data %s", r.statusCode(), r.data());
        d.out.say("the Mono completed normally: only a failure to talk to the server is an error");
    }

    static void text(DemoEnvironment d) {
        HttpResult gbk = d.net.request(RequestOptions.get(d.api("/gbk")).build()).block(WAIT);
        d.out.say("GET /gbk  Content-Type: %s", gbk.header("Content-Type"));
        d.out.say("<- data \"%s\"  (GBK bytes decoded as the header says)", gbk.data());
        HttpResult bom = d.net.request(RequestOptions.get(d.api("/bom")).build()).block(WAIT);
        d.out.say("GET /bom  Content-Type: %s, body starts EF BB BF", bom.header("Content-Type"));
        d.out.say("<- data %s  (a %s: the BOM removed, then the JSON parsed)", bom.data(),
                bom.data().getClass().getSimpleName());
    }

    static void transfers(DemoEnvironment d) throws Exception {
        Path dir = Files.createTempDirectory("mpnet-demo");
        Path photo = dir.resolve("photo.jpg");
        try {
            Files.write(photo, new byte[3 * 1024 * 1024]);
            String upUrl = d.url("upload.example.com", "/avatar");
            d.out.say("net.uploadFile(UploadOptions.builder(\"%s\", photo, \"file\").formData(\"user\", \"42\"))", upUrl);
            UploadResult up = d.net.uploadFile(UploadOptions.builder(upUrl, photo, "file").formData("user", "42").build())
                    .doOnNext(e -> progress(d, "upload", e))
                    .as(TransferEvent::uploadResult).block(WAIT);
            d.out.say("<- %d; the backend's multipart decoder read %s", up.statusCode(), up.data());

            String downUrl = d.url("cdn.example.com", "/report.bin");
            d.out.say("net.downloadFile(DownloadOptions.builder(\"%s\"))", downUrl);
            DownloadResult down = d.net.downloadFile(DownloadOptions.builder(downUrl).build())
                    .doOnNext(e -> progress(d, "download", e))
                    .as(TransferEvent::downloadResult).block(WAIT);
            d.out.say("<- %d; %d bytes written to a temp file of this runtime, never held in memory",
                    down.statusCode(), Files.size(down.tempFilePath()));
            Path saved = d.net.saveFile(down.tempFilePath());
            d.out.say("net.saveFile(tempFilePath) moved it to the runtime's storage: %s (D-4)", saved.getFileName());
            Files.deleteIfExists(saved);
        } finally {
            Files.deleteIfExists(photo);
            Files.deleteIfExists(dir);
        }
    }

    static void socket(DemoEnvironment d) {
        String url = "wss://ws.example.com:" + d.backend.port() + "/chat";
        d.out.say("net.connectSocket(SocketOptions.of(\"%s\"))", url);
        SocketTask ws = d.net.connectSocket(SocketOptions.of(url)).block(WAIT);
        List<SocketEvent> seen = new CopyOnWriteArrayList<>();
        Flux<SocketEvent> events = ws.events().cache(); // one subscriber per task: the cache is it, replayed below
        events.subscribe(seen::add);
        ws.send("hello from the mini program").block(WAIT);
        events.filter(e -> e instanceof SocketEvent.Message).blockFirst(WAIT); // the echo is back
        try {
            ws.close(999, "not a valid code").block(WAIT);
        } catch (MpNetException e) {
            d.out.say("ws.close(999, ...) refused, the socket stays open: %s  [%s]", e.errMsg(), e.rule());
        }
        ws.close(1000, "bye").block(WAIT);
        events.blockLast(WAIT);
        for (SocketEvent e : seen) {
            d.out.say("<- %s", describe(e));
        }
        d.out.say("sockets open now: %d (at most 5, S-4)", d.net.openSockets());
    }

    private static String describe(SocketEvent e) {
        if (e instanceof SocketEvent.Open) {
            return "open";
        }
        if (e instanceof SocketEvent.Message m) {
            return "message \"" + m.data() + "\"";
        }
        if (e instanceof SocketEvent.Close c) {
            return "close " + c.code() + " \"" + c.reason() + "\"";
        }
        return e.toString();
    }

    private static void progress(DemoEnvironment d, String label, TransferEvent e) {
        if (e instanceof TransferEvent.Progress p) {
            d.out.progress(label, p.progress(), p.totalBytes(), p.totalBytesExpected());
        }
    }

    static void gate(DemoEnvironment d) {
        int calls = 12;
        d.backend.resetMaxInFlight();
        d.out.say("12 GETs of /slow subscribed together; the backend holds its answers until %d calls are in,",
                Backend.GATE);
        d.out.say("then answers each %d ms later", Backend.SLOW.toMillis());
        List<HttpResult> results = Flux.range(1, calls)
                .flatMapSequential(i -> d.net.request(RequestOptions.get(d.api("/slow?call=" + i)).build()), calls)
                .collectList()
                .block(WAIT);
        int queued = 0;
        for (int i = 0; i < results.size(); i++) {
            RequestProfile p = results.get(i).profile();
            long wait = Math.round(p.queueEnd() - p.queueStart());
            boolean waited = p.queueEnd() > p.queueStart();
            if (waited) {
                queued++;
            }
            d.out.say("call %2d: queued %4d ms, done %4d ms after it was made%s", i + 1, wait, Math.round(p.responseEnd()),
                    waited ? "  <- waited for a free slot" : "");
        }
        d.out.say("the backend saw at most %d calls at once; %d calls waited in mpnet's FIFO queue, not on the wire",
                d.backend.maxInFlight(), queued);
        d.out.say("(queue times are profile().queueEnd() - queueStart(), as wx.request's profile reports them)");
    }

    static void refusals(DemoEnvironment d) {
        int before = d.backend.requestsReceived();
        List<String> urls = new ArrayList<>();
        urls.add("http://api.example.com:" + d.backend.port() + "/user");  // plain http off the LAN
        urls.add("https://api.example.com:9443/user");                       // a port other than the configured one
        urls.add("https://203.0.113.10/user");                               // a public IP address
        urls.add("https://evil.example.org/user");                           // a domain not in mpnet.json
        for (String url : urls) {
            d.out.say("%s", url);
            try {
                d.net.request(RequestOptions.get(url).build()).block(WAIT);
                d.out.say("   unexpectedly allowed");
            } catch (MpNetException e) {
                failed(d, "   ", e);
            }
        }
        d.out.say("requests that reached the backend during this step: %d", d.backend.requestsReceived() - before);
    }

    static void background(DemoEnvironment d) throws Exception {
        // The runtime times the background grace on the scheduler it is given: a virtual clock here,
        // so the demo shows the 5 s grace without waiting 5 real seconds.
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        MiniProgramNetwork net = d.runtime(d.builder().scheduler(clock));
        d.out.say("(a second runtime from the same config, its timers on a virtual clock the demo moves by hand)");
        CompletableFuture<HttpResult> running = net.request(RequestOptions.get(d.api("/hold")).build()).toFuture();
        d.backend.awaitArrival("/hold");
        d.out.say("a call to /hold is in flight (the backend sends headers and holds the body)");
        net.lifecycle().enterBackground();
        d.out.say("net.lifecycle().enterBackground()");
        try {
            net.request(RequestOptions.get(d.api("/user")).build()).block(WAIT);
            d.out.say("a new call: unexpectedly allowed");
        } catch (MpNetException e) {
            failed(d, "a new call now: ", e);
        }
        clock.advanceTimeBy(Duration.ofSeconds(4));
        d.out.say("clock +4 s: the call in flight is %s", running.isDone() ? "over" : "still running (the grace is 5 s)");
        clock.advanceTimeBy(Duration.ofSeconds(1));
        try {
            running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            d.out.say("clock +5 s: the call unexpectedly succeeded");
        } catch (ExecutionException e) {
            failed(d, "clock +5 s: the call in flight fails: ", (MpNetException) e.getCause());
        }
        net.lifecycle().enterForeground();
        HttpResult back = net.request(RequestOptions.get(d.api("/user")).build()).block(WAIT);
        d.out.say("net.lifecycle().enterForeground(); a new call: %d %s", back.statusCode(), back.data());
    }

    static void slowNetwork(DemoEnvironment d) throws Exception {
        MiniProgramNetwork net = d.runtime(d.builder());
        d.out.say("(a third runtime from the same config, on the real clock: these waits are real)");
        net.networkState().conditions(NetworkConditions.SLOW_4G);
        NetworkConditions c = net.networkState().conditions();
        d.out.say("net.networkState().conditions(NetworkConditions.SLOW_4G): \"%s\", latency %.1f ms, %,d B/s down,"
                + " %,d B/s up", c.name(), c.latency().toNanos() / 1e6, c.downloadBytesPerSecond(), c.uploadBytesPerSecond());
        long start = System.nanoTime();
        HttpResult user = net.request(RequestOptions.get(d.api("/user")).build()).block(WAIT);
        d.out.say("GET /user: %d in %d ms (the latency is held before each request goes)", user.statusCode(),
                (System.nanoTime() - start) / 1_000_000);
        String url = d.url("cdn.example.com", "/report.bin?kb=256");
        d.out.say("net.downloadFile(DownloadOptions.builder(\"%s\"))", url);
        start = System.nanoTime();
        DownloadResult down = net.downloadFile(DownloadOptions.builder(url).build())
                .doOnNext(e -> progress(d, "download", e))
                .as(TransferEvent::downloadResult).block(WAIT);
        d.out.say("<- %d; %d bytes in %.1f s: the runtime's calls share %,d B/s down", down.statusCode(), down.size(),
                (System.nanoTime() - start) / 1e9, c.downloadBytesPerSecond());
        Files.deleteIfExists(down.tempFilePath());
        net.networkState().conditions(NetworkConditions.OFFLINE);
        try {
            net.request(RequestOptions.get(d.api("/user")).build()).block(WAIT);
            d.out.say("offline: a call unexpectedly went out");
        } catch (MpNetException e) {
            failed(d, "NetworkConditions.OFFLINE; a call fails at once: ", e);
        }
        d.out.say("the program sees networkType \"%s\" (wx.getNetworkType, onNetworkStatusChange)",
                net.networkState().status().type().platformName());
        net.networkState().conditions(NetworkConditions.NONE);
        start = System.nanoTime();
        user = net.request(RequestOptions.get(d.api("/user")).build()).block(WAIT);
        d.out.say("NetworkConditions.NONE again: GET /user %d in %d ms; networkType \"%s\"", user.statusCode(),
                (System.nanoTime() - start) / 1_000_000, net.networkState().status().type().platformName());
    }

    /** A failure as the transcript shows it: the platform's errMsg, the rule id, and why with the fix. */
    static void failed(DemoEnvironment d, String label, MpNetException e) {
        d.out.say("%s%s  [%s]", label, e.errMsg(), e.rule());
        d.out.say("   why/fix: %s", e.explanation());
    }
}
