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

/**
 * {@code wx.uploadFile}, {@code wx.downloadFile} and {@code wx.saveFile} in the callback style, for
 * {@link Wx}. Paths in and out are the platform's virtual ones, mapped and checked by
 * {@link VirtualPaths} before a call starts (D-6).
 */
final class Transfers {

    private Transfers() {
    }

    static UploadTask upload(MiniProgramNetwork net, VirtualPaths paths, EventExecutor events, Map<String, ?> options) {
        UploadTask task = new UploadTask();
        run(ApiKind.UPLOAD_FILE, events, options, task.listeners, () -> net.uploadFile(uploadOptions(paths, options)), r -> {
            UploadResult u = (UploadResult) r;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errMsg", "uploadFile:ok");
            m.put("statusCode", u.statusCode());
            m.put("data", u.data());
            m.put("header", u.header());
            m.put("profile", ProfileMaps.of(u.profile()));
            return m;
        });
        return task;
    }

    static DownloadTask download(MiniProgramNetwork net, VirtualPaths paths, EventExecutor events,
            Map<String, ?> options) {
        DownloadTask task = new DownloadTask();
        run(ApiKind.DOWNLOAD_FILE, events, options, task.listeners, () -> net.downloadFile(downloadOptions(paths, options)), r -> {
            DownloadResult d = (DownloadResult) r;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errMsg", "downloadFile:ok");
            m.put("statusCode", d.statusCode());
            if (d.filePath() != null) {
                m.put("filePath", options.get("filePath").toString()); // D-6: the caller's own virtual path
            } else {
                m.put("tempFilePath", paths.virtual(d.path()));
            }
            m.put("header", d.header());
            m.put("profile", ProfileMaps.of(d.profile()));
            return m;
        });
        return task;
    }

    /**
     * {@code wx.saveFile}: {@code tempFilePath} (a {@code wxfile://tmp_...}) moved to
     * {@code wxfile://store_...}, or to {@code filePath} under {@code wxfile://usr} when given (as
     * {@code FileSystemManager.saveFile} does); both checked before anything moves (D-4, D-6).
     */
    static void saveFile(MiniProgramNetwork net, VirtualPaths paths, EventExecutor events, Map<String, ?> options) {
        Map<String, Object> res = new LinkedHashMap<>();
        try {
            Path temp = paths.temp("tempFilePath", options.get("tempFilePath"));
            Object filePath = options.get("filePath");
            String saved;
            if (filePath == null) {
                saved = paths.virtual(net.saveFile(temp));
            } else {
                Path target = paths.target("saveFile", "filePath", filePath);
                net.files().save(temp, target);
                saved = filePath.toString();
            }
            res.put("errMsg", "saveFile:ok");
            res.put("savedFilePath", saved);
        } catch (VirtualPaths.Refusal e) {
            res.put("errMsg", "saveFile:fail " + FailReason.INVALID_PARAMETER.text());
            res.put("rule", e.rule());
            res.put("explanation", e.getMessage());
        } catch (RuntimeException e) {
            // a race with another save, or the move itself failed
            res.put("errMsg", "saveFile:fail " + (e instanceof IllegalArgumentException
                    ? FailReason.INVALID_PARAMETER.text() : "cannot move the file"));
            res.put("rule", "D-4");
            res.put("explanation", String.valueOf(e.getMessage()));
        }
        boolean ok = res.get("errMsg").toString().endsWith(":ok");
        Consumer<Map<String, Object>> end = callback(options, ok ? "success" : "fail");
        Consumer<Map<String, Object>> complete = callback(options, "complete");
        events.execute(() -> {
            Wx.invoke(ok ? "success" : "fail", end, res);
            Wx.invoke("complete", complete, res);
        });
    }

    /** Starts {@code start} at once and ends in exactly one of success or fail, then complete. */
    private static void run(ApiKind api, EventExecutor events, Map<String, ?> options, TransferListeners task,
            Supplier<Flux<TransferEvent>> start, Function<TransferResult, Map<String, Object>> success) {
        Consumer<Map<String, Object>> onSuccess = callback(options, "success");
        Consumer<Map<String, Object>> onFail = callback(options, "fail");
        Consumer<Map<String, Object>> onComplete = callback(options, "complete");
        AtomicBoolean ended = new AtomicBoolean();
        // on the event executor, after the events that came before the end
        Consumer<Map<String, Object>> finish = res -> events.execute(() -> {
            if (ended.compareAndSet(false, true)) {
                boolean ok = res.get("errMsg").toString().endsWith(":ok");
                Wx.invoke(ok ? "success" : "fail", ok ? onSuccess : onFail, res);
                Wx.invoke("complete", onComplete, res);
            }
        });
        Flux<TransferEvent> transfer;
        try {
            transfer = start.get(); // reads the options, paths first (D-6): a refusal here has done no I/O
        } catch (VirtualPaths.Refusal e) {
            finish.accept(failure(api, new MpNetException(api, FailReason.INVALID_PARAMETER, e.rule(), e.getMessage())));
            return;
        } catch (MpNetException e) {
            finish.accept(failure(api, e)); // a value the options builder refused, under its own rule (R-3, T-1)
            return;
        } catch (RuntimeException e) {
            finish.accept(failure(api, new MpNetException(api, FailReason.INVALID_PARAMETER, "E-3",
                    e.getMessage() == null ? e.toString() : e.getMessage(), e)));
            return;
        }
        AtomicReference<@Nullable TransferResult> result = new AtomicReference<>();
        Disposable running = transfer.subscribe(event -> {
            if (event instanceof TransferEvent.HeadersReceived h) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("statusCode", h.statusCode());
                m.put("header", h.header());
                m.put("cookies", h.cookies());
                events.execute(() -> task.headers(m));
            } else if (event instanceof TransferEvent.Progress p) {
                boolean up = api == ApiKind.UPLOAD_FILE;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("progress", p.progress());
                m.put(up ? "totalBytesSent" : "totalBytesWritten", p.totalBytes());
                m.put(up ? "totalBytesExpectedToSend" : "totalBytesExpectedToWrite", p.totalBytesExpected());
                events.execute(() -> task.progress(m));
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

    private static UploadOptions uploadOptions(VirtualPaths paths, Map<String, ?> o) {
        Object url = o.get("url");
        Object name = o.get("name");
        UploadOptions.Builder b = UploadOptions.builder(url == null ? null : url.toString(),
                paths.source("filePath", o.get("filePath")), name == null ? null : name.toString());
        if (o.get("header") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> b.header(String.valueOf(k), String.valueOf(v)));
        }
        b.enableHttp2(Boolean.TRUE.equals(o.get("enableHttp2"))); // R-11, as wx.request
        if (o.get("formData") instanceof Map<?, ?> f) {
            f.forEach((k, v) -> b.formData(String.valueOf(k), String.valueOf(v)));
        }
        if (o.get("timeout") instanceof Number n) {
            b.timeout(Duration.ofMillis(n.longValue()));
        }
        return b.build();
    }

    private static DownloadOptions downloadOptions(VirtualPaths paths, Map<String, ?> o) {
        Object url = o.get("url");
        DownloadOptions.Builder b = DownloadOptions.builder(url == null ? null : url.toString());
        if (o.get("header") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> b.header(String.valueOf(k), String.valueOf(v)));
        }
        if (o.get("filePath") != null) {
            b.filePath(paths.target("downloadFile", "filePath", o.get("filePath")));
        }
        b.enableHttp2(Boolean.TRUE.equals(o.get("enableHttp2"))); // R-11, as wx.request
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
