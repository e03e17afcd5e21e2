package io.mpnet.examples;

import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.compat.RequestTask;
import io.mpnet.runtime.compat.Wx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The callback style, for hosts that bridge JavaScript: {@link Wx} takes {@code wx.request}'s
 * options as a map with {@code success}, {@code fail} and {@code complete} callbacks and returns a
 * {@link RequestTask} to listen on and abort; files go by the platform's virtual paths
 * ({@code wxfile://...}, D-6). Same backend and {@code mpnet.json} as the
 * {@link Quickstart}. Run it from the repository root with
 * {@code mvn -B -q -ntp -pl examples -am compile exec:java -Dexec.mainClass=io.mpnet.examples.CallbackStyle}.
 */
public final class CallbackStyle {

    private CallbackStyle() {
    }

    /** The walk-through, in order. */
    static List<Quickstart.Step> steps() {
        return List.of(
                new Quickstart.Step("success, then complete; onHeadersReceived first (R-9)", CallbackStyle::success),
                new Quickstart.Step("a JSON POST from a JavaScript-shaped options object", CallbackStyle::post),
                new Quickstart.Step("fail, then complete, for a URL the policy refuses (E-1)", CallbackStyle::fail),
                new Quickstart.Step("task.abort() while the server holds its answer (R-8)", CallbackStyle::abort),
                new Quickstart.Step("files by virtual paths: downloadFile, saveFile, uploadFile (D-6)", CallbackStyle::files));
    }

    /**
     * Runs the walk-through, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        run(Transcript.utf8StandardOutput());
    }

    /** Runs every step against a fresh environment, printing the transcript to {@code out}. */
    static void run(PrintStream out) throws Exception {
        Transcript t = new Transcript(out);
        long start = System.nanoTime();
        t.title("mpnet callback style: Wx.of(net).request(options) as a JavaScript bridge calls wx.request");
        try (DemoEnvironment demo = DemoEnvironment.start(t)) {
            for (Quickstart.Step step : steps()) {
                t.step(step.title());
                step.body().run(demo);
            }
        }
        t.end(String.format("done in %.1f s; everything started was closed.", (System.nanoTime() - start) / 1e9));
    }

    static void success(DemoEnvironment d) throws Exception {
        Call call = call(d, d.api("/user-when-released"));
        d.out.say("RequestTask task = Wx.of(net).request({url: '%s', success, fail, complete})", call.options().get("url"));
        RequestTask task = Wx.of(d.net).request(call.options());
        task.onHeadersReceived(h -> d.out.say("onHeadersReceived: statusCode %s, content-type %s",
                h.get("statusCode"), ((Map<?, ?>) h.get("header")).get("content-type")));
        d.out.say("task.onHeadersReceived(listener)");
        // This step runs on the demo's thread, not on the Wx's event executor, so nothing makes the
        // events wait for it (a JavaScript host runs the call and its listeners as one task on
        // wx.executor()): the backend answers this route only once the listener is in place.
        d.backend.release();
        call.await();
    }

    static void post(DemoEnvironment d) throws Exception {
        Call call = call(d, d.api("/echo"));
        Map<String, Object> options = call.options();
        options.put("method", "POST");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", "081Kq4Ga1");
        data.put("nickName", "Mei");
        options.put("data", data);
        d.out.say("wx.request({url: '%s', method: 'POST', data: %s, ...})", options.get("url"), data);
        Wx.of(d.net).request(options);
        call.await();
    }

    static void fail(DemoEnvironment d) throws Exception {
        Call call = call(d, "https://evil.example.org/steal");
        d.out.say("wx.request({url: '%s', ...})", call.options().get("url"));
        Wx.of(d.net).request(call.options());
        call.await();
    }

    static void abort(DemoEnvironment d) throws Exception {
        Call call = call(d, d.api("/stall"));
        d.out.say("RequestTask task = wx.request({url: '%s', ...})", call.options().get("url"));
        RequestTask task = Wx.of(d.net).request(call.options());
        d.backend.awaitArrival("/stall");
        d.out.say("the backend has the request and holds its answer; task.abort()");
        task.abort();
        call.await();
        d.out.say("slots free again: %d of 10 (L-2: an aborted call gives its slot back)", d.net.availableSlots());
    }

    static void files(DemoEnvironment d) throws Exception {
        // a runtime of its own, whose storage directory (temp, saved and user-data files) goes with the step
        Path storage = Files.createTempDirectory("mpnet-callback-files");
        try (MiniProgramNetwork net = d.builder().storage(storage).build()) {
            Wx wx = Wx.of(net);
            d.out.say("wx.env.USER_DATA_PATH is %s; files are named by virtual paths, never real ones",
                    wx.env().get("USER_DATA_PATH"));
            String url = d.url("cdn.example.com", "/report.bin");
            Map<String, Object> down = ended(wx::downloadFile, Map.of("url", url));
            d.out.say("wx.downloadFile({url: '%s'}) -> %s, tempFilePath %s", url, down.get("errMsg"),
                    down.get("tempFilePath"));
            Map<String, Object> saved = ended(wx::saveFile, Map.of("tempFilePath", down.get("tempFilePath")));
            d.out.say("wx.saveFile({tempFilePath}) -> %s, savedFilePath %s", saved.get("errMsg"), saved.get("savedFilePath"));
            String upUrl = d.url("upload.example.com", "/avatar");
            Map<String, Object> up = ended(wx::uploadFile,
                    Map.of("url", upUrl, "filePath", saved.get("savedFilePath"), "name", "file"));
            d.out.say("wx.uploadFile({filePath: savedFilePath, name: 'file'}) -> %s, data %s", up.get("errMsg"), up.get("data"));

            int before = d.backend.requestsReceived();
            Map<String, Object> out = ended(wx::uploadFile,
                    Map.of("url", upUrl, "filePath", Wx.USER_DATA_PATH + "/../../../etc/passwd", "name", "file"));
            d.out.say("wx.uploadFile({filePath: USER_DATA_PATH + '/../../../etc/passwd'}) -> fail: errMsg %s, rule %s",
                    out.get("errMsg"), out.get("rule"));
            d.out.say("   why/fix: %s", out.get("explanation"));
            d.out.say("requests the backend received for it: %d (refused before any I/O)",
                    d.backend.requestsReceived() - before);
        } finally {
            try (Stream<Path> all = Files.walk(storage)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Calls {@code api} with {@code options} plus success and fail callbacks; what either received. */
    private static Map<String, Object> ended(Consumer<Map<String, Object>> api, Map<String, ?> options) throws Exception {
        CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
        Map<String, Object> o = new HashMap<>(options);
        o.put("success", (Consumer<Map<String, Object>>) done::complete);
        o.put("fail", (Consumer<Map<String, Object>>) done::complete);
        api.accept(o);
        return done.get(Quickstart.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * One callback-style call: its options, with the callbacks a JavaScript caller would pass (each
     * printing what it receives), and a future that {@code complete} completes.
     */
    private record Call(Map<String, Object> options, CompletableFuture<Void> done) {

        void await() throws Exception {
            done.get(Quickstart.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static Call call(DemoEnvironment d, String url) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Map<String, Object> o = new HashMap<>();
        o.put("url", url);
        o.put("success", (Consumer<Map<String, Object>>) res -> d.out.say("success: errMsg %s, statusCode %s, data %s",
                res.get("errMsg"), res.get("statusCode"), res.get("data")));
        o.put("fail", (Consumer<Map<String, Object>>) err -> {
            d.out.say("fail: errMsg %s, %srule %s", err.get("errMsg"),
                    err.containsKey("errno") ? "errno " + err.get("errno") + ", " : "", err.get("rule"));
            d.out.say("   why/fix: %s", err.get("explanation"));
        });
        o.put("complete", (Consumer<Map<String, Object>>) res -> {
            d.out.say("complete: errMsg %s", res.get("errMsg"));
            done.complete(null);
        });
        return new Call(o, done);
    }
}
