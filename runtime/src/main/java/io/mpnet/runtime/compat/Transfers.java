package io.mpnet.runtime.compat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.DownloadResult;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.TransferEvent;
import io.mpnet.runtime.TransferResult;
import io.mpnet.runtime.UploadOptions;
import io.mpnet.runtime.UploadResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** {@code wx.uploadFile}, {@code wx.downloadFile} and {@code wx.saveFile} in the callback style, for {@link Wx}. */
final class Transfers {

    private Transfers() {
    }

    static UploadTask upload(MiniProgramNetwork net, Map<String, ?> options) {
        UploadTask task = new UploadTask();
        run(ApiKind.UPLOAD_FILE, options, task.listeners, () -> net.uploadFile(uploadOptions(options)), r -> {
            UploadResult u = (UploadResult) r;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errMsg", "uploadFile:ok");
            m.put("statusCode", u.statusCode());
            m.put("data", u.data());
            m.put("header", u.header());
            return m;
        });
        return task;
    }

    static DownloadTask download(MiniProgramNetwork net, Map<String, ?> options) {
        DownloadTask task = new DownloadTask();
        run(ApiKind.DOWNLOAD_FILE, options, task.listeners, () -> net.downloadFile(downloadOptions(options)), r -> {
            DownloadResult d = (DownloadResult) r;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errMsg", "downloadFile:ok");
            m.put("statusCode", d.statusCode());
            m.put(d.filePath() != null ? "filePath" : "tempFilePath", d.path().toString());
            m.put("header", d.header());
            return m;
        });
        return task;
    }

    static void saveFile(MiniProgramNetwork net, Map<String, ?> options) {
        Map<String, Object> res = new LinkedHashMap<>();
        boolean ok = false;
        try {
            Object temp = options.get("tempFilePath");
            if (temp == null) {
                throw new IllegalArgumentException("tempFilePath is missing; give the tempFilePath of a downloadFile");
            }
            res.put("errMsg", "saveFile:ok");
            res.put("savedFilePath", net.saveFile(Path.of(temp.toString())).toString());
            ok = true;
        } catch (RuntimeException e) {
            res.clear();
            res.put("errMsg", "saveFile:fail " + e.getMessage());
        }
        Wx.invoke(ok ? "success" : "fail", callback(options, ok ? "success" : "fail"), res);
        Wx.invoke("complete", callback(options, "complete"), res);
    }

    /** Starts {@code start} at once and ends in exactly one of success or fail, then complete. */
    private static void run(ApiKind api, Map<String, ?> options, TransferListeners task,
            Supplier<Flux<TransferEvent>> start, Function<TransferResult, Map<String, Object>> success) {
        Consumer<Map<String, Object>> onSuccess = callback(options, "success");
        Consumer<Map<String, Object>> onFail = callback(options, "fail");
        Consumer<Map<String, Object>> onComplete = callback(options, "complete");
        AtomicBoolean ended = new AtomicBoolean();
        Consumer<Map<String, Object>> finish = res -> {
            if (ended.compareAndSet(false, true)) {
                boolean ok = res.get("errMsg").toString().endsWith(":ok");
                Wx.invoke(ok ? "success" : "fail", ok ? onSuccess : onFail, res);
                Wx.invoke("complete", onComplete, res);
            }
        };
        Flux<TransferEvent> events;
        try {
            events = start.get();
        } catch (RuntimeException e) {
            finish.accept(failure(api, new MpNetException(api, FailReason.INVALID_PARAMETER, "E-3",
                    e.getMessage() == null ? e.toString() : e.getMessage(), e)));
            return;
        }
        AtomicReference<@Nullable TransferResult> result = new AtomicReference<>();
        Disposable running = events.subscribe(event -> {
            if (event instanceof TransferEvent.HeadersReceived h) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("statusCode", h.statusCode());
                m.put("header", h.header());
                m.put("cookies", h.cookies());
                task.headers(m);
            } else if (event instanceof TransferEvent.Progress p) {
                boolean up = api == ApiKind.UPLOAD_FILE;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("progress", p.progress());
                m.put(up ? "totalBytesSent" : "totalBytesWritten", p.totalBytes());
                m.put(up ? "totalBytesExpectedToSend" : "totalBytesExpectedToWrite", p.totalBytesExpected());
                task.progress(m);
            } else if (event instanceof TransferEvent.Completed c) {
                result.set(c.result());
            }
        }, error -> finish.accept(failure(api, error)), () -> {
            // success after the call has ended, so its slot is already free when user code runs
            TransferResult r = result.get();
            finish.accept(r != null ? success.apply(r) : failure(api, new IllegalStateException("no result")));
        });
        task.onAbort(() -> {
            if (!ended.get()) {
                running.dispose(); // R-8, D-3: cancels the transfer, closes its connection, deletes a partial file
                finish.accept(failure(api, new MpNetException(api, FailReason.ABORT, "R-8",
                        "the task was aborted by the caller")));
            }
        });
    }

    private static UploadOptions uploadOptions(Map<String, ?> o) {
        Object url = o.get("url");
        Object filePath = o.get("filePath");
        Object name = o.get("name");
        UploadOptions.Builder b = UploadOptions.builder(url == null ? null : url.toString(),
                filePath == null ? null : Path.of(filePath.toString()), name == null ? null : name.toString());
        if (o.get("header") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> b.header(String.valueOf(k), String.valueOf(v)));
        }
        if (o.get("formData") instanceof Map<?, ?> f) {
            f.forEach((k, v) -> b.formData(String.valueOf(k), String.valueOf(v)));
        }
        if (o.get("timeout") instanceof Number n) {
            b.timeout(Duration.ofMillis(n.longValue()));
        }
        return b.build();
    }

    private static DownloadOptions downloadOptions(Map<String, ?> o) {
        Object url = o.get("url");
        DownloadOptions.Builder b = DownloadOptions.builder(url == null ? null : url.toString());
        if (o.get("header") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> b.header(String.valueOf(k), String.valueOf(v)));
        }
        if (o.get("filePath") != null) {
            b.filePath(Path.of(o.get("filePath").toString()));
        }
        if (o.get("timeout") instanceof Number n) {
            b.timeout(Duration.ofMillis(n.longValue()));
        }
        return b.build();
    }

    private static Map<String, Object> failure(ApiKind api, Throwable error) {
        MpNetException e = error instanceof MpNetException m ? m
                : new MpNetException(api, FailReason.NETWORK, "E-2", error.toString(), error);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", e.errMsg());
        e.errno().ifPresent(n -> m.put("errno", n));
        m.put("rule", e.rule());
        m.put("explanation", e.explanation());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Consumer<Map<String, Object>> callback(Map<String, ?> options, String name) {
        Object c = options.get(name);
        return c instanceof Consumer<?> consumer ? (Consumer<Map<String, Object>>) consumer : null;
    }
}
