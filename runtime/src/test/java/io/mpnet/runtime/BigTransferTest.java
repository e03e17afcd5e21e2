package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mpnet.policy.MpNetException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * U-1, D-1: memory stays O(1) whatever the size. Run by its own Surefire execution in a JVM of
 * 96 MiB heap (runtime/pom.xml), which a 512 MiB body held anywhere in memory would exhaust.
 */
class BigTransferTest extends LoopbackTest {

    static final long SIZE = 512L * 1024 * 1024;
    static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path p) {
        MessageDigest md = sha();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[CHUNK];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The sha-256 of {@code chunk} repeated to SIZE bytes, computed without holding them. */
    static String repeatedSha(byte[] chunk) {
        MessageDigest md = sha();
        for (long i = 0; i < SIZE / chunk.length; i++) {
            md.update(chunk);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @BeforeEach
    void smallHeapOnly() {
        // the proof is the small heap: in a big one (a -Dtest run of the default execution) it proves nothing
        assumeTrue(Runtime.getRuntime().maxMemory() < SIZE / 4, "runs in the small-heap execution only");
    }

    @Test
    @DisplayName("U-1 a 512 MiB file is uploaded with a 96 MiB heap: streamed, never held whole")
    void upload() throws IOException {
        Path file = dir.resolve("sparse.bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE); // sparse: 512 MiB of zeros that cost no disk
        }
        // The server reads the raw body as it comes (TransferTest has Netty's decoder parse the
        // multipart; on 512 MiB that decoder alone takes longer than this whole test should)
        AtomicLong bodyBytes = new AtomicLong();
        StringBuilder head = new StringBuilder();
        AtomicReference<String> length = new AtomicReference<>();
        DisposableServer s = server(HttpServer.create().route(r -> r.post("/up", (req, res) -> {
            length.set(req.requestHeaders().get("content-length"));
            return req.receive().doOnNext(b -> {
                if (head.length() < 512) {
                    head.append(b.toString(b.readerIndex(), Math.min(512, b.readableBytes()), StandardCharsets.ISO_8859_1));
                }
                bodyBytes.addAndGet(b.readableBytes());
            }).then(res.sendString(Mono.just("ok")).then());
        })));
        MiniProgramNetwork net = runtime(lanConfig().build());
        long t0 = System.nanoTime();
        List<TransferEvent> events = net.uploadFile(UploadOptions.builder(lan(s, "/up"), file, "blob")
                .timeout(Duration.ofSeconds(60)).build()).collectList().block(Duration.ofSeconds(90));
        System.out.println("upload of 512 MiB: " + (System.nanoTime() - t0) / 1_000_000 + " ms, " + events.get(events.size() - 1));
        assertThat(bodyBytes.get()).isEqualTo(Long.parseLong(length.get())).isBetween(SIZE, SIZE + 1024);
        assertThat(head.toString()).contains("name=\"blob\"", "filename=\"sparse.bin\"");
        assertThat(((UploadResult) ((TransferEvent.Completed) events.get(events.size() - 1)).result()).data())
                .isEqualTo("ok");
        assertThat(events.stream().filter(TransferEvent.Progress.class::isInstance)).hasSizeBetween(2, 101);
        assertThat(net.availableSlots()).isEqualTo(10);
        Files.delete(file);
    }

    @Test
    @DisplayName("D-1 a 512 MiB body is downloaded to a file with a 96 MiB heap: written as it comes")
    void download() {
        byte[] pattern = new byte[CHUNK];
        new Random(7).nextBytes(pattern);
        ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(pattern));
        DisposableServer s = server(r -> r.get("/big", (req, res) -> res
                .header("content-length", String.valueOf(SIZE))
                .send(Flux.range(0, (int) (SIZE / CHUNK)).map(i -> chunk.duplicate()))));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().build()).storage(dir));
        long t0 = System.nanoTime();
        List<TransferEvent> events = net.downloadFile(DownloadOptions.builder(lan(s, "/big"))
                .timeout(Duration.ofSeconds(60)).build()).collectList().block(Duration.ofSeconds(90));
        System.out.println("download of 512 MiB: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        DownloadResult r = (DownloadResult) ((TransferEvent.Completed) events.get(events.size() - 1)).result();
        assertThat(r.size()).isEqualTo(SIZE);
        assertThat(sha256(r.path())).isEqualTo(repeatedSha(pattern));
        assertThat(events.stream().filter(TransferEvent.Progress.class::isInstance)).hasSizeBetween(2, 101);
        net.close(); // D-4: and the 512 MiB temp file with it
        assertThat(r.path()).doesNotExist();
    }

    @Test
    @DisplayName("R-12 a request for an endless body fails at the default 16 MiB in a 96 MiB heap; the next call is served")
    void endlessRequestBody() {
        ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[CHUNK]));
        AtomicLong sent = new AtomicLong();
        DisposableServer s = server(r -> r
                .get("/endless", (req, res) -> res.send(Flux.<ByteBuf>generate(g -> g.next(chunk.duplicate()))
                        .doOnNext(b -> sent.addAndGet(CHUNK))))
                .get("/small", (req, res) -> res.sendString(Mono.just("small"))));
        MiniProgramNetwork net = runtime(lanConfig().build()); // the default maxResponseBytes
        long t0 = System.nanoTime();
        Throwable error = net.request(RequestOptions.get(lan(s, "/endless")).build())
                .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(Duration.ofSeconds(60));
        System.out.println("endless request body: failed after " + (System.nanoTime() - t0) / 1_000_000 + " ms, "
                + sent.get() / (1024 * 1024) + " MiB sent: " + error);
        assertThat(error).isInstanceOf(MpNetException.class);
        assertThat(((MpNetException) error).rule()).isEqualTo("R-12");
        assertThat(net.request(RequestOptions.get(lan(s, "/small")).build()).block(WAIT).data()).isEqualTo("small");
        assertThat(net.availableSlots()).isEqualTo(10);
    }
}
