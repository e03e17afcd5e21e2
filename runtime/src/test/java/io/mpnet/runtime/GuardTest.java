package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@code guard}: another client's exchange under the same rules as {@code request}, its options checked when the call runs. */
class GuardTest extends LoopbackTest {

    static final String URL = "https://api.example.com/v1/user";

    MiniProgramNetwork net(VirtualTimeScheduler vts) {
        return runtime(MiniProgramNetwork.builder(lanConfig().domains(ApiKind.REQUEST, "https://api.example.com").build())
                .scheduler(vts));
    }

    @Test
    @DisplayName("P-2 a refused URL fails before the exchange is subscribed, and takes no slot")
    void refusedBeforeExchange() {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        AtomicBoolean subscribed = new AtomicBoolean();
        StepVerifier.create(net.guard(new GuardOptions("GET", "https://evil.example.org/", Map.of(), null),
                        h -> Mono.fromRunnable(() -> subscribed.set(true))))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("P-2"))
                .verify(WAIT);
        assertThat(subscribed).isFalse();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @ParameterizedTest(name = "url={0}")
    @NullAndEmptySource
    @DisplayName("E-3 a missing url fails as request's does, before the exchange, with no slot taken")
    void missingUrl(String url) {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        AtomicBoolean subscribed = new AtomicBoolean();
        StepVerifier.create(net.guard(GuardOptions.builder("GET", url).build(),
                        h -> Mono.fromRunnable(() -> subscribed.set(true))))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo("E-3");
                    assertThat(m.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(m).hasMessageContaining("url is missing");
                })
                .verify(WAIT);
        assertThat(subscribed).isFalse();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("P-9 R-3 the exchange gets the checked headers with the runtime's Referer, the caller's dropped")
    void headersWithReferer() {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        AtomicReference<Map<String, String>> sent = new AtomicReference<>();
        StepVerifier.create(net.guard(
                        new GuardOptions("POST", URL, Map.of("X-Trace", "1", "referer", "https://spoof/"), null),
                        h -> Mono.fromRunnable(() -> sent.set(h))))
                .verifyComplete();
        assertThat(sent.get()).containsEntry("X-Trace", "1")
                .containsEntry("Referer", "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html")
                .doesNotContainKey("referer");
        StepVerifier.create(net.guard(new GuardOptions("GET", URL, Map.of("X-Bad", "a\r\nb"), null), h -> Mono.empty()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("R-3"))
                .verify(WAIT);
        StepVerifier.create(net.guard(new GuardOptions("BREW", URL, Map.of(), null), h -> Mono.empty()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("R-1"))
                .verify(WAIT);
    }

    @Test
    @DisplayName("L-1 L-2 the exchange holds a slot until it ends; the eleventh waits")
    void holdsASlot() {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        Sinks.Empty<Void> release = Sinks.empty();
        for (int i = 0; i < 11; i++) {
            net.guard(new GuardOptions("GET", URL, Map.of(), null), h -> release.asMono()).subscribe();
        }
        assertThat(net.availableSlots()).isZero();
        assertThat(net.queuedCalls()).isEqualTo(1);
        release.tryEmitEmpty();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.queuedCalls()).isZero();
    }

    @Test
    @DisplayName("T-2 the deadline cuts the exchange short with timeout and frees the slot")
    void timeout() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        MiniProgramNetwork net = net(vts);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        net.guard(new GuardOptions("GET", URL, Map.of(), Duration.ofSeconds(2)),
                        h -> Flux.never().doOnCancel(() -> cancelled.set(true)))
                .subscribe(x -> { }, error::set);
        vts.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(error.get()).isNull();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(((MpNetException) error.get()).reason()).isEqualTo(FailReason.TIMEOUT);
        assertThat(cancelled).isTrue();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("B-2 in the background the exchange is refused; E-2 its own failures arrive as MpNetException")
    void backgroundAndFailures() {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        IOException reset = new IOException("Connection reset by peer");
        StepVerifier.create(net.guard(new GuardOptions("GET", URL, Map.of(), null), h -> Mono.error(reset)))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(e.getCause()).isSameAs(reset);
                })
                .verify(WAIT);
        net.lifecycle().enterBackground();
        StepVerifier.create(net.guard(new GuardOptions("GET", URL, Map.of(), null), h -> Mono.empty()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.INTERRUPTED))
                .verify(WAIT);
    }
}
