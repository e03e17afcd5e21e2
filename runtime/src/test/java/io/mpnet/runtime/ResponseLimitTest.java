package io.mpnet.runtime;

import io.mpnet.policy.ResponseType;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * R-12 maxResponseBytes: a body over the limit fails the call while it is read (a declared length
 * at once, an undeclared one as soon as it passes), the connection is closed, and the runtime serves
 * the next call. Hostile servers on loopback send an endless chunked body and a 10 GiB Content-Length.
 */
class ResponseLimitTest extends LoopbackTest {

    static final long LIMIT = 1024 * 1024;
    static final byte[] CHUNK = new byte[16 * 1024];

    /** A server with an endless chunked body, a huge declared one, one of 2 MiB, and a small one. */
    DisposableServer hostile() {
        return countingServer(r -> r
                .route(req -> true, (req, res) -> {
                    received.add(req.path());
                    return switch (req.path()) {
                        case "endless", "upload" -> req.receive().then(res.sendByteArray(Flux.generate(s -> s.next(CHUNK))).then());
                        case "huge" -> res.header("Content-Length", "10737418240")
                                .sendByteArray(Flux.just(CHUNK).concatWith(Flux.never())).then();
                        case "two-mib" -> res.sendByteArray(Flux.range(0, 128).map(i -> CHUNK)).then();
                        default -> res.sendString(Mono.just("small")).then();
                    };
                }));
    }

    MiniProgramNetwork net(long max) {
        return runtime(lanConfig().maxResponseBytes(max).build());
    }

    static Consumer<Throwable> r12(String api) {
        return e -> {
            assertThat(e).isInstanceOf(MpNetException.class);
            MpNetException m = (MpNetException) e;
            assertThat(m.rule()).isEqualTo("R-12");
            assertThat(m.reason()).isEqualTo(FailReason.NETWORK);
            assertThat(m.errMsg()).isEqualTo(api + ":fail network error");
            assertThat(m.errno()).hasValue(600000);
            assertThat(m.getMessage()).contains("maxResponseBytes, " + LIMIT + " bytes").contains(LAN_PEER)
                    .contains("downloadFile");
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/endless", "/huge"})
    @DisplayName("R-12 a request over maxResponseBytes fails, its connection is closed, and the next call is served")
    void requestOverLimit(String path) throws Exception {
        DisposableServer s = hostile();
        MiniProgramNetwork net = net(LIMIT);
        StepVerifier.create(net.request(RequestOptions.get(lan(s, path)).build()))
                .expectErrorSatisfies(r12("request"))
                .verify(WAIT);
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.request(RequestOptions.get(lan(s, "/small")).build()).block(WAIT).data()).isEqualTo("small");
    }

    @Test
    @DisplayName("R-12 a huge Content-Length fails before its body is read")
    void declaredLengthFailsAtOnce() {
        DisposableServer s = hostile();
        StepVerifier.create(net(LIMIT).request(RequestOptions.get(lan(s, "/huge")).build()))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("its Content-Length is 10737418240 bytes"))
                .verify(WAIT);
    }

    @ParameterizedTest(name = "enableChunked={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("R-12 a declared length over the limit fails exchange before its headers are reported")
    void declaredBeforeHeaders(boolean chunked) {
        DisposableServer s = hostile();
        StepVerifier.create(net(LIMIT).exchange(RequestOptions.get(lan(s, "/huge")).enableChunked(chunked).build()))
                .expectErrorSatisfies(r12("request"))
                .verify(WAIT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/endless", "/huge"})
    @DisplayName("R-12 exchange with enableChunked fails the same way; chunks stop at the limit")
    void chunkedOverLimit(String path) throws Exception {
        DisposableServer s = hostile();
        MiniProgramNetwork net = net(LIMIT);
        long[] streamed = {0};
        StepVerifier.create(net.exchange(RequestOptions.get(lan(s, path)).enableChunked(true).build())
                        .doOnNext(e -> {
                            if (e instanceof RequestEvent.Chunk c) {
                                streamed[0] += c.data().length;
                            }
                        }))
                .thenConsumeWhile(e -> !(e instanceof RequestEvent.Completed))
                .expectErrorSatisfies(r12("request"))
                .verify(WAIT);
        assertThat(streamed[0]).isLessThanOrEqualTo(LIMIT);
        awaitNoOpenConnection();
    }

    @Test
    @DisplayName("R-12 an upload's answer over maxResponseBytes fails the upload the same way")
    void uploadAnswerOverLimit(@TempDir Path dir) throws Exception {
        DisposableServer s = hostile();
        Path file = Files.writeString(dir.resolve("a.txt"), "payload");
        MiniProgramNetwork net = net(LIMIT);
        StepVerifier.create(net.uploadFile(UploadOptions.builder(lan(s, "/upload"), file, "f").build()))
                .thenConsumeWhile(e -> !(e instanceof TransferEvent.Completed))
                .expectErrorSatisfies(r12("uploadFile"))
                .verify(WAIT);
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-12 downloadFile streams to disk and is not bound by maxResponseBytes")
    void downloadNotBound(@TempDir Path dir) {
        DisposableServer s = hostile();
        DownloadResult r = runtime(MiniProgramNetwork.builder(lanConfig().maxResponseBytes(LIMIT).build())
                        .storage(dir))
                .downloadFile(DownloadOptions.builder(lan(s, "/two-mib")).build())
                .as(TransferEvent::downloadResult).block(WAIT);
        assertThat(r.size()).isEqualTo(2 * LIMIT);
    }

    @Test
    @DisplayName("R-12 maxResponseBytes -1 holds any body; the default is 16 MiB")
    void unlimited() {
        DisposableServer s = hostile();
        HttpResult r = net(NetworkConfig.NO_RESPONSE_LIMIT)
                .request(RequestOptions.get(lan(s, "/two-mib")).responseType(ResponseType.ARRAYBUFFER).build()).block(WAIT);
        assertThat((byte[]) r.data()).hasSize((int) (2 * LIMIT));
        assertThat(lanConfig().build().maxResponseBytes()).isEqualTo(16L * 1024 * 1024);
    }
}
