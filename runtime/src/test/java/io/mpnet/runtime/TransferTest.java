package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.testing.Await;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** uploadFile and downloadFile (U, D) against real loopback servers. */
class TransferTest extends LoopbackTest {

    static final byte[] BODY = random(4 * 1024 * 1024 + 17, 4);

    @TempDir
    Path dir;

    final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    final List<String> parts = new CopyOnWriteArrayList<>();
    final AtomicReference<HttpHeaders> uploadHeaders = new AtomicReference<>();
    final java.util.concurrent.atomic.AtomicBoolean slowServer = new java.util.concurrent.atomic.AtomicBoolean(true);
    /** Larger than loopback's socket buffers, so a stalled upload is really mid-body. */
    static final int STALLED_UPLOAD = 64 * 1024 * 1024;

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code root}. */
    static List<Path> filesUnder(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DisposableServer transferServer() {
        return countingServer(r -> r
                .post("/upload", (req, res) -> {
                    received.add(req.path());
                    uploadHeaders.set(req.requestHeaders().copy());
                    // Netty's own multipart decoder reads what the runtime sent: an independent parser
                    return req.receiveForm().doOnNext(d -> {
                        try {
                            if (d instanceof FileUpload f) {
                                parts.add("file " + f.getName() + " " + f.getFilename() + " " + f.getContentType()
                                        + " " + sha256(f.get()));
                            } else if (d instanceof Attribute a) {
                                parts.add("field " + a.getName() + "=" + a.getValue());
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).then(res.status(201).header("content-type", "text/plain; charset=utf-8")
                            .sendString(Mono.just("stored ✓")).then());
                })
                .post("/stall-upload", (req, res) -> {
                    received.add(req.path());
                    // reads the body slowly, so a test finds the upload mid-body; once the test has cut the
                    // call, fast, so the server reaches the end of the stream and sees the client gone
                    return req.receive().limitRate(1).concatMap(b -> slowServer.get()
                            ? Mono.delay(Duration.ofMillis(20)).thenReturn(1) : Mono.just(1), 1).then(Mono.never());
                })
                .get("/file.bin", (req, res) -> {
                    received.add(req.path());
                    return res.header("content-length", String.valueOf(BODY.length)).header("x-kind", "bin")
                            .send(Flux.range(0, (BODY.length + 65535) / 65536).map(i -> Unpooled.wrappedBuffer(BODY,
                                    i * 65536, Math.min(65536, BODY.length - i * 65536))));
                })
                .get("/chunked", (req, res) -> {
                    received.add(req.path());
                    return res.send(Flux.range(0, 64).map(i -> Unpooled.wrappedBuffer(BODY, i * 1024, 1024)));
                })
                .get("/missing.txt", (req, res) -> {
                    received.add(req.path());
                    return res.status(404).sendString(Mono.just("no such file"));
                })
                .get("/moved", (req, res) -> {
                    received.add(req.path());
                    return res.status(302).header("location", "/file.bin").send();
                })
                .get("/stall.bin", (req, res) -> {
                    received.add(req.path());
                    // a stream that never ends, not a Mono: Reactor Netty would send a Mono as a whole response
                    return res.header("content-length", "100000000")
                            .send(Flux.just(Unpooled.wrappedBuffer(BODY, 0, 100_000)).concatWith(Mono.never()));
                }));
    }

    MiniProgramNetwork net() {
        return runtime(MiniProgramNetwork.builder(lanConfig().build()).storage(dir.resolve("storage")));
    }

    MiniProgramNetwork virtualNet() {
        return runtime(MiniProgramNetwork.builder(lanConfig().build()).storage(dir.resolve("storage")).scheduler(vts));
    }

    Path upload(byte[] content, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    static void assertFailure(Throwable e, FailReason reason, String rule) {
        assertThat(e).isInstanceOf(MpNetException.class);
        MpNetException m = (MpNetException) e;
        assertThat(m.reason()).as(m.getMessage()).isEqualTo(reason);
        assertThat(m.rule()).isEqualTo(rule);
    }

    static void assertProgress(List<TransferEvent> events, long total) {
        List<TransferEvent.Progress> progress = events.stream().filter(TransferEvent.Progress.class::isInstance)
                .map(TransferEvent.Progress.class::cast).toList();
        assertThat(progress).isNotEmpty().hasSizeLessThanOrEqualTo(101);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).progress()).isGreaterThanOrEqualTo(progress.get(i - 1).progress());
            assertThat(progress.get(i).totalBytes()).isGreaterThanOrEqualTo(progress.get(i - 1).totalBytes());
        }
        TransferEvent.Progress last = progress.get(progress.size() - 1);
        assertThat(last.progress()).isEqualTo(100);
        assertThat(last.totalBytes()).isEqualTo(total < 0 ? last.totalBytes() : total);
        assertThat(last.totalBytesExpected()).isEqualTo(total);
        assertThat(events.get(events.size() - 1)).isInstanceOf(TransferEvent.Completed.class);
    }

    // ------------------------------------------------------------------ upload

    @Test
    @DisplayName("U-1 the multipart body, read by Netty's decoder: the file part's name, file name, type and sha-256, and the form fields")
    void uploadMultipart() throws IOException {
        DisposableServer s = transferServer();
        byte[] content = random(300_000, 1);
        Path file = upload(content, "photo.png");
        UploadResult r = net().uploadFile(UploadOptions.builder(lan(s, "/upload"), file, "avatar")
                        .formData("user", "ada").formData("note", "héllo wörld")
                        .header("X-Trace", "t1").header("Content-Type", "text/plain").build())
                .as(TransferEvent::uploadResult).block(WAIT);
        assertThat(parts).containsExactly("field user=ada", "field note=héllo wörld",
                "file avatar photo.png image/png " + sha256(content));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.data()).isEqualTo("stored ✓"); // U-3: text by its charset
        HttpHeaders h = uploadHeaders.get();
        assertThat(h.get("content-type")).startsWith("multipart/form-data; boundary=");
        assertThat(h.get("content-length")).isNotNull();
        assertThat(h.get("x-trace")).isEqualTo("t1");
        assertThat(h.get("referer")).isEqualTo("https://servicewechat.com/wx0123456789abcdef/0/page-frame.html");
        assertThat(Files.readAllBytes(file)).as("the source file is left as it was").isEqualTo(content);
    }

    @Test
    @DisplayName("U-2 upload progress is monotonic, at most 101 events, ends at 100 with the body's length, before the headers")
    void uploadProgress() throws IOException {
        DisposableServer s = transferServer();
        Path file = upload(BODY, "big.bin");
        List<TransferEvent> events = net().uploadFile(UploadOptions.builder(lan(s, "/upload"), file, "f").build())
                .collectList().block(WAIT);
        long length = Long.parseLong(uploadHeaders.get().get("content-length"));
        assertThat(length).isGreaterThan(BODY.length);
        assertProgress(events, length);
        int headers = events.indexOf(events.stream().filter(TransferEvent.HeadersReceived.class::isInstance)
                .findFirst().orElseThrow());
        assertThat(events.subList(headers + 1, events.size())).hasSize(1); // only Completed after the headers
        assertThat(parts).containsExactly("file f big.bin application/octet-stream " + sha256(BODY));
    }

    @Test
    @DisplayName("U-1 a missing file, a directory or no part name fail before any I/O, naming the field and the fix")
    void uploadBadFile() throws IOException {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = net();
        Path missing = dir.resolve("nope.png");
        StepVerifier.create(net.uploadFile(UploadOptions.builder(lan(s, "/upload"), missing, "f").build()))
                .expectErrorSatisfies(e -> {
                    assertFailure(e, FailReason.INVALID_PARAMETER, "U-1");
                    assertThat(((MpNetException) e).errMsg()).isEqualTo("uploadFile:fail parameter error");
                    assertThat(((MpNetException) e).explanation()).contains("filePath", missing.toString(), "does not exist");
                })
                .verify(WAIT);
        StepVerifier.create(net.uploadFile(UploadOptions.builder(lan(s, "/upload"), dir, "f").build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).explanation()).contains("is a directory"))
                .verify(WAIT);
        Path ok = upload(new byte[] {1}, "one.bin");
        StepVerifier.create(net.uploadFile(UploadOptions.builder(lan(s, "/upload"), ok, "").build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).explanation()).contains("name is missing"))
                .verify(WAIT);
        assertThat(received).isEmpty();
        assertThat(acceptedConnections.get()).isZero();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("P-2 uploadFile and downloadFile are judged by their own domain lists")
    void ownDomainLists() throws IOException {
        MiniProgramNetwork net = runtime(lanConfig().domains(ApiKind.REQUEST, "https://api.example.com")
                .domains(ApiKind.DOWNLOAD_FILE, "https://cdn.example.com").build());
        Path file = upload(new byte[] {1}, "one.bin");
        StepVerifier.create(net.uploadFile(UploadOptions.builder("https://api.example.com/u", file, "f").build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).errMsg())
                        .isEqualTo("uploadFile:fail url not in domain list"))
                .verify(WAIT);
        StepVerifier.create(net.downloadFile(DownloadOptions.builder("https://api.example.com/d").build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).errMsg())
                        .isEqualTo("downloadFile:fail url not in domain list"))
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("T-2 an upload stalled mid-body fails with timeout: connection closed, slot free, source file kept")
    void uploadTimeout() throws Exception {
        DisposableServer s = transferServer();
        Path file = upload(new byte[STALLED_UPLOAD], "big.bin");
        MiniProgramNetwork net = virtualNet();
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<TransferEvent> events = new CopyOnWriteArrayList<>();
        net.uploadFile(UploadOptions.builder(lan(s, "/stall-upload"), file, "f").timeout(Duration.ofSeconds(20))
                .build()).subscribe(events::add, error::set);
        awaitRequest();
        vts.advanceTimeBy(Duration.ofSeconds(20));
        assertFailure(error.get(), FailReason.TIMEOUT, "T-2");
        assertThat(events).noneMatch(e -> e instanceof TransferEvent.Progress p && p.progress() == 100)
                .noneMatch(TransferEvent.Completed.class::isInstance);
        slowServer.set(false);
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(Files.size(file)).as("the source file is left as it was").isEqualTo(STALLED_UPLOAD);
    }

    @Test
    @DisplayName("R-8 aborting an upload mid-body closes its connection and frees its slot")
    void uploadAbort() throws Exception {
        DisposableServer s = transferServer();
        Path file = upload(new byte[STALLED_UPLOAD], "big.bin");
        MiniProgramNetwork net = net();
        List<TransferEvent> events = new CopyOnWriteArrayList<>();
        Disposable call = net.uploadFile(UploadOptions.builder(lan(s, "/stall-upload"), file, "f").build())
                .subscribe(events::add);
        awaitRequest();
        call.dispose();
        assertThat(events).noneMatch(e -> e instanceof TransferEvent.Progress p && p.progress() == 100);
        slowServer.set(false);
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(Files.size(file)).isEqualTo(STALLED_UPLOAD);
    }

    // ---------------------------------------------------------------- download

    @Test
    @DisplayName("D-1 a download streams to a temp file of the runtime; D-5 the headers come first; D-2 progress ends at 100")
    void downloadToTemp() {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = net();
        List<TransferEvent> events = net.downloadFile(DownloadOptions.builder(lan(s, "/file.bin")).build())
                .collectList().block(WAIT);
        assertThat(events.get(0)).isInstanceOfSatisfying(TransferEvent.HeadersReceived.class, h -> {
            assertThat(h.statusCode()).isEqualTo(200);
            assertThat(h.header()).containsEntry("x-kind", "bin");
        });
        assertProgress(events, BODY.length);
        DownloadResult r = (DownloadResult) ((TransferEvent.Completed) events.get(events.size() - 1)).result();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.filePath()).isNull();
        assertThat(r.tempFilePath()).isNotNull();
        assertThat(r.tempFilePath().getFileName().toString()).startsWith("tmp_").endsWith(".bin");
        assertThat(r.tempFilePath()).startsWith(dir.resolve("storage"));
        assertThat(r.size()).isEqualTo(BODY.length);
        assertThat(sha256(r.path())).isEqualTo(sha256(BODY));
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("D-1 any status saves the body: a 404 page is downloaded like any other")
    void anyStatusSaves() throws IOException {
        DisposableServer s = transferServer();
        DownloadResult r = net().downloadFile(DownloadOptions.builder(lan(s, "/missing.txt")).build())
                .as(TransferEvent::downloadResult).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Files.readString(r.path())).isEqualTo("no such file");
        assertThat(r.path().getFileName().toString()).endsWith(".txt");
    }

    @Test
    @DisplayName("D-1 with filePath the body replaces the file there, and nothing else is left behind; redirects are followed (R-7)")
    void downloadToFilePath() throws IOException {
        DisposableServer s = transferServer();
        Path target = dir.resolve("out").resolve("copy.bin");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        DownloadResult r = net().downloadFile(DownloadOptions.builder(lan(s, "/moved")).filePath(target).build())
                .as(TransferEvent::downloadResult).block(WAIT);
        assertThat(r.filePath()).isEqualTo(target);
        assertThat(r.tempFilePath()).isNull();
        assertThat(sha256(target)).isEqualTo(sha256(BODY));
        assertThat(filesUnder(target.getParent())).containsExactly(target);
        assertThat(filesUnder(dir.resolve("storage"))).isEmpty();
    }

    @Test
    @DisplayName("D-2 a chunked body has an expected total of -1 and still ends at 100")
    void chunkedDownload() {
        DisposableServer s = transferServer();
        List<TransferEvent> events = net().downloadFile(DownloadOptions.builder(lan(s, "/chunked")).build())
                .collectList().block(WAIT);
        assertProgress(events, -1);
        DownloadResult r = (DownloadResult) ((TransferEvent.Completed) events.get(events.size() - 1)).result();
        assertThat(r.size()).isEqualTo(64 * 1024);
    }

    @Test
    @DisplayName("D-1 a filePath in a missing directory, or naming a directory, fails before any I/O")
    void badFilePath() throws IOException {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = net();
        Path inMissing = dir.resolve("no-such-dir").resolve("f.bin");
        StepVerifier.create(net.downloadFile(DownloadOptions.builder(lan(s, "/file.bin")).filePath(inMissing).build()))
                .expectErrorSatisfies(e -> {
                    assertFailure(e, FailReason.INVALID_PARAMETER, "D-1");
                    assertThat(((MpNetException) e).explanation()).contains("filePath", inMissing.toString(),
                            "does not exist", "create the directory");
                })
                .verify(WAIT);
        StepVerifier.create(net.downloadFile(DownloadOptions.builder(lan(s, "/file.bin")).filePath(dir).build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).explanation()).contains("is a directory"))
                .verify(WAIT);
        assertThat(received).isEmpty();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("D-4 saveFile moves a temp file to storage that outlives the runtime; close() deletes the temp files")
    void saveAndClose() throws IOException {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().build()).storage(dir.resolve("storage")));
        DownloadResult kept = net.downloadFile(DownloadOptions.builder(lan(s, "/file.bin")).build())
                .as(TransferEvent::downloadResult).block(WAIT);
        DownloadResult dropped = net.downloadFile(DownloadOptions.builder(lan(s, "/missing.txt")).build())
                .as(TransferEvent::downloadResult).block(WAIT);
        Path saved = net.saveFile(kept.tempFilePath());
        assertThat(kept.tempFilePath()).doesNotExist();
        assertThat(saved).startsWith(dir.resolve("storage").resolve("saved"));
        assertThat(sha256(saved)).isEqualTo(sha256(BODY));
        assertThatThrownBy(() -> net.saveFile(kept.tempFilePath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a temp file of this runtime");
        assertThatThrownBy(() -> net.saveFile(saved)).isInstanceOf(IllegalArgumentException.class);
        net.close();
        assertThat(dropped.tempFilePath()).doesNotExist();
        assertThat(filesUnder(dir.resolve("storage"))).containsExactly(saved);
    }

    // ----------------------------------------------- D-3: no partial file, ever

    /** Starts a download of the stalling body and waits until its file holds bytes. */
    Disposable stalledDownload(MiniProgramNetwork net, DownloadOptions o, AtomicReference<Throwable> error)
            throws InterruptedException {
        List<TransferEvent> events = new CopyOnWriteArrayList<>();
        Disposable d = net.downloadFile(o).subscribe(events::add, error::set);
        awaitRequest();
        // Polled, not a latch in onNext: the tests then cut the call and read its error at once, which
        // wants the event loop past delivering this event (a cut during an onNext is delivered after it).
        Await.until(WAIT, "a progress event of the download", () -> events.stream().anyMatch(TransferEvent.Progress.class::isInstance));
        assertThat(events).anyMatch(TransferEvent.Progress.class::isInstance);
        assertThat(filesUnder(dir)).isNotEmpty(); // the partial file exists now
        return d;
    }

    @Test
    @DisplayName("D-3 aborting mid-body deletes the partial temp file and frees the slot")
    void abortDeletes() throws Exception {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = net();
        Disposable d = stalledDownload(net, DownloadOptions.builder(lan(s, "/stall.bin")).build(), new AtomicReference<>());
        d.dispose();
        assertThat(filesUnder(dir)).isEmpty();
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("D-3 a timeout mid-body fails with timeout and leaves neither the file nor a part file at filePath")
    void timeoutDeletes() throws Exception {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = virtualNet();
        Path target = dir.resolve("target.bin");
        AtomicReference<Throwable> error = new AtomicReference<>();
        stalledDownload(net, DownloadOptions.builder(lan(s, "/stall.bin")).filePath(target)
                .timeout(Duration.ofSeconds(30)).build(), error);
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertFailure(error.get(), FailReason.TIMEOUT, "T-2");
        assertThat(((MpNetException) error.get()).errMsg()).isEqualTo("downloadFile:fail timeout");
        assertThat(filesUnder(dir)).isEmpty();
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("D-3 a background interruption mid-body fails with interrupted and deletes the partial file (B-2)")
    void interruptDeletes() throws Exception {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = virtualNet();
        AtomicReference<Throwable> error = new AtomicReference<>();
        stalledDownload(net, DownloadOptions.builder(lan(s, "/stall.bin")).build(), error);
        net.lifecycle().enterBackground();
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertFailure(error.get(), FailReason.INTERRUPTED, "B-2");
        assertThat(filesUnder(dir)).isEmpty();
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("D-3 a server that closes mid-body fails the download with network error and no file")
    void serverCloseDeletes() throws Exception {
        // a raw server: the head of a 1 MB response, 50 kB of it, then the connection closes
        DisposableServer s = reactor.netty.tcp.TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> in.receive().take(1).then(out
                        .sendString(Mono.just("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"))
                        .send(Mono.just(Unpooled.wrappedBuffer(BODY, 0, 50_000))).then()))
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        MiniProgramNetwork net = net();
        StepVerifier.create(net.downloadFile(DownloadOptions.builder(lan(s, "/cut")).build()))
                .expectNextMatches(TransferEvent.HeadersReceived.class::isInstance)
                .thenConsumeWhile(TransferEvent.Progress.class::isInstance)
                .expectErrorSatisfies(e -> assertFailure(e, FailReason.NETWORK, "R-4"))
                .verify(WAIT);
        assertThat(filesUnder(dir)).isEmpty();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("L-1 downloads and uploads take slots of the same 10 as request: the 11th call waits")
    void sharedGate() throws Exception {
        DisposableServer s = transferServer();
        MiniProgramNetwork net = net();
        List<Disposable> running = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            running.add(net.downloadFile(DownloadOptions.builder(lan(s, "/stall.bin")).build()).subscribe());
            awaitRequest();
        }
        assertThat(net.availableSlots()).isZero();
        CompletableFuture<HttpResult> r = net.request(RequestOptions.get(lan(s, "/missing.txt")).build()).toFuture();
        assertThat(net.queuedCalls()).isEqualTo(1);
        running.get(0).dispose();
        assertThat(awaitRequest()).endsWith("missing.txt");
        running.forEach(Disposable::dispose);
        assertThat(r).succeedsWithin(WAIT).extracting(HttpResult::statusCode).isEqualTo(404);
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(filesUnder(dir)).isEmpty();
    }
}
