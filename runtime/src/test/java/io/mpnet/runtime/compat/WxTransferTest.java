package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/** The callback style of wx.uploadFile, wx.downloadFile and wx.saveFile: tasks, listeners, errMsg. */
class WxTransferTest extends WxLoopbackTest {

    static final byte[] BODY = new byte[2 * 1024 * 1024];

    static {
        new Random(3).nextBytes(BODY);
    }

    @TempDir
    Path dir;

    final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    final List<String> parts = new CopyOnWriteArrayList<>();

    @Override
    Path storage() {
        return dir.resolve("storage");
    }

    @Override
    HttpServer peer(HttpServer server) {
        return server.route(r -> r
                .post("/up", (req, res) -> req.receiveForm().doOnNext(d -> {
                    try {
                        parts.add(d instanceof FileUpload f ? f.getName() + ":" + f.getFilename() + ":" + f.length()
                                : d.getName() + "=" + ((Attribute) d).getValue());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).then(res.sendString(Mono.just("{\"id\":7}")).then()))
                .get("/file.bin", (req, res) -> res.header("content-length", String.valueOf(BODY.length))
                        .send(Flux.range(0, BODY.length / 65536).map(i -> Unpooled.wrappedBuffer(BODY, i * 65536, 65536))))
                .get("/stall.bin", (req, res) -> {
                    arrived.add("stall");
                    return res.header("content-length", "10000000")
                            .send(Flux.just(Unpooled.wrappedBuffer(BODY, 0, 65536)).concatWith(Mono.never()));
                }));
    }

    static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** The real file behind a wxfile:// path this runtime handed out, found in its storage directory. */
    Path real(String virtualPath) throws IOException {
        String name = virtualPath.substring(virtualPath.lastIndexOf('/') + 1);
        return files(dir.resolve("storage")).stream().filter(p -> p.getFileName().toString().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(virtualPath + " is not in the storage directory"));
    }

    @Test
    @DisplayName("D-5 as on the platform, a download's headers listener added after the headers were dispatched hears nothing")
    void lateHeadersListener() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        DownloadTask task = inTask(() -> wx.downloadFile(options("/file.bin", results)));
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        inTask(() -> {
            task.onHeadersReceived(h -> calls.add("late headers " + h.get("statusCode")));
            return task;
        });
        nothingMoreIn(calls);
    }

    @Test
    @DisplayName("U-1 uploadFile: success with uploadFile:ok and the server's text; U-2 progress maps end at 100")
    void upload() throws Exception {
        // the host puts a file where the mini program sees wx.env.USER_DATA_PATH (D-6)
        Path file = Files.createDirectories(dir.resolve("storage/usr")).resolve("a.jpg");
        Files.write(file, BODY);
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        List<Map<String, Object>> progress = new CopyOnWriteArrayList<>();
        Map<String, Object> o = options("/up", results);
        o.put("filePath", Wx.USER_DATA_PATH + "/a.jpg");
        o.put("name", "pic");
        o.put("formData", Map.of("n", 1));
        inTask(() -> { // the call and its listeners in one task: no event can come between them
            UploadTask task = wx.uploadFile(o);
            task.onProgressUpdate(progress::add);
            task.onHeadersReceived(h -> calls.add("headers " + h.get("statusCode")));
            return task;
        });
        assertThat(next()).isEqualTo("headers 200");
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "uploadFile:ok").containsEntry("statusCode", 200)
                .containsEntry("data", "{\"id\":7}");
        assertThat(parts).containsExactly("n=1", "pic:a.jpg:" + BODY.length);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsEntry("progress", 100)
                .containsKeys("totalBytesSent", "totalBytesExpectedToSend");
    }

    @Test
    @DisplayName("U-1 uploadFile of a missing file: fail with uploadFile:fail parameter error naming the virtual path, then complete")
    void uploadMissing() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        Map<String, Object> o = options("/up", results);
        o.put("filePath", "wxfile://usr/gone.jpg");
        o.put("name", "pic");
        wx.uploadFile(o);
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "uploadFile:fail parameter error")
                .containsEntry("rule", "U-1");
        assertThat(results.get(0).get("explanation").toString()).contains("'wxfile://usr/gone.jpg' does not exist");
    }

    @Test
    @DisplayName("D-1 downloadFile: success with tempFilePath wxfile://tmp_...; D-4 saveFile moves it and answers savedFilePath wxfile://store_...")
    void downloadAndSave() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        List<Map<String, Object>> progress = new CopyOnWriteArrayList<>();
        DownloadTask task = wx.downloadFile(options("/file.bin", results));
        task.onProgressUpdate(progress::add);
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        Map<String, Object> res = results.get(0);
        assertThat(res).containsEntry("errMsg", "downloadFile:ok").containsEntry("statusCode", 200);
        String temp = res.get("tempFilePath").toString();
        assertThat(temp).startsWith("wxfile://tmp_"); // D-6: a virtual path, never the real one
        assertThat(Files.readAllBytes(real(temp))).isEqualTo(BODY);
        assertThat(progress.get(progress.size() - 1)).containsEntry("progress", 100)
                .containsEntry("totalBytesWritten", (long) BODY.length)
                .containsEntry("totalBytesExpectedToWrite", (long) BODY.length);

        List<Map<String, Object>> saved = new CopyOnWriteArrayList<>();
        Map<String, Object> s = options("/", saved);
        s.put("tempFilePath", temp);
        wx.saveFile(s);
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        assertThat(saved.get(0)).containsEntry("errMsg", "saveFile:ok")
                .containsEntry("savedFilePath", temp.replace("wxfile://tmp_", "wxfile://store_"));
        assertThat(Files.readAllBytes(real(saved.get(0).get("savedFilePath").toString()))).isEqualTo(BODY);

        wx.saveFile(s); // moved already
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(saved.get(1)).containsEntry("errMsg", "saveFile:fail parameter error").containsEntry("rule", "D-4");
        assertThat(saved.get(1).get("explanation").toString()).contains(temp);
    }

    @Test
    @DisplayName("D-3 DownloadTask.abort mid-body: fail with downloadFile:fail abort, no file left, slot free; offProgressUpdate stops a listener")
    void abort() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        DownloadTask task = wx.downloadFile(options("/stall.bin", results));
        Consumer<Map<String, Object>> removed = p -> calls.add("removed listener");
        task.onProgressUpdate(removed);
        task.offProgressUpdate(removed);
        task.onHeadersReceived(h -> calls.add("headers"));
        assertThat(arrived.poll(10, TimeUnit.SECONDS)).isEqualTo("stall");
        assertThat(next()).isEqualTo("headers");
        task.abort();
        task.abort();
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "downloadFile:fail abort");
        nothingMoreIn(calls);
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(files(dir.resolve("storage"))).isEmpty();
    }
}
