package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * {@code disposeLater()}: closing without blocking the subscribing thread, as Reactor Netty's
 * {@code LoopResources.disposeLater()} does. Subscribed on a {@code Schedulers.parallel()} worker,
 * where Reactor refuses {@code block()}: a close that blocked there would fail, not complete.
 */
class DisposeLaterTest extends LoopbackTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MpNetResources.disposeLater is cold, and disposes the pool and the event loops from a thread that may not block")
    void resourcesDisposeLater() {
        MpNetResources own = MpNetResources.create("mpnet-dispose", 10);
        Mono<Void> dispose = own.disposeLater();
        assertThat(own.loops().isDisposed()).as("nothing before subscription").isFalse();
        StepVerifier.create(dispose.subscribeOn(Schedulers.parallel())).expectComplete().verify(WAIT);
        assertThat(own.loops().isDisposed()).isTrue();
        own.close(); // idempotent: close after disposeLater returns quietly
    }

    @Test
    @DisplayName("MpNetResources.close, which blocks, still closes within its bounded wait")
    void resourcesClose() {
        MpNetResources own = MpNetResources.create("mpnet-close", 10);
        own.close();
        assertThat(own.loops().isDisposed()).isTrue();
    }

    @Test
    @DisplayName("D-4 MiniProgramNetwork.disposeLater deletes the temp files and disposes the resources it made, without blocking")
    void runtimeDisposeLater() throws Exception {
        DisposableServer s = server(r -> r.get("/file.bin", (req, res) -> res.sendString(Mono.just("body"))));
        MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().build()).device(DEVICE)
                .storage(dir.resolve("storage")).build(); // its own resources
        DownloadResult d = net.downloadFile(DownloadOptions.builder(lan(s, "/file.bin")).build())
                .as(TransferEvent::downloadResult).block(WAIT);
        assertThat(d.tempFilePath()).exists();
        Mono<Void> dispose = net.disposeLater();
        assertThat(d.tempFilePath()).as("nothing before subscription").exists();
        StepVerifier.create(dispose.subscribeOn(Schedulers.parallel())).expectComplete().verify(WAIT);
        assertThat(d.tempFilePath()).doesNotExist();
        assertThat(Files.exists(d.tempFilePath().getParent())).isFalse();
        assertThat(net.resources().loops().isDisposed()).isTrue();
    }

    @Test
    @DisplayName("D-4 disposeLater of a runtime on shared resources leaves them open for their owner")
    void sharedResourcesStayOpen() {
        DisposableServer s = server(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("ok"))));
        MiniProgramNetwork net = runtime(lanConfig().build());
        StepVerifier.create(net.disposeLater().subscribeOn(Schedulers.parallel())).expectComplete().verify(WAIT);
        assertThat(resources.loops().isDisposed()).isFalse();
        MiniProgramNetwork other = runtime(lanConfig().build());
        assertThat(other.request(RequestOptions.get(lan(s, "/ok")).build()).block(WAIT).statusCode()).isEqualTo(200);
    }
}
