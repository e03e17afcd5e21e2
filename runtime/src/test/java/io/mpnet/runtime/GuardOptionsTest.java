package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@code guard(GuardOptions, exchange)}: the guard's arguments as one value, run as {@code GuardTest}'s calls are. */
class GuardOptionsTest extends LoopbackTest {

    static final String URL = "https://api.example.com/v1/user";

    MiniProgramNetwork net(VirtualTimeScheduler vts) {
        return runtime(MiniProgramNetwork.builder(lanConfig().domains(ApiKind.REQUEST, "https://api.example.com").build())
                .scheduler(vts));
    }

    @Test
    @DisplayName("P-9 R-3 the options' method and headers reach the exchange checked, with the runtime's Referer")
    void headersWithReferer() {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        AtomicReference<Map<String, String>> sent = new AtomicReference<>();
        GuardOptions o = GuardOptions.builder("POST", URL).header("X-Trace", "1").header("referer", "https://spoof/").build();
        StepVerifier.create(net.guard(o, h -> Mono.fromRunnable(() -> sent.set(h)))).expectComplete().verify(WAIT);
        assertThat(sent.get()).containsEntry("X-Trace", "1")
                .containsEntry("Referer", "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html")
                .doesNotContainKey("referer");
    }

    @Test
    @DisplayName("P-2 a refused URL in the options fails before the exchange is subscribed, and takes no slot")
    void refusedBeforeExchange() {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        AtomicBoolean subscribed = new AtomicBoolean();
        StepVerifier.create(net.guard(GuardOptions.of("GET", "https://evil.example.org/"),
                        h -> Mono.fromRunnable(() -> subscribed.set(true))))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("P-2"))
                .verify(WAIT);
        assertThat(subscribed).isFalse();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("T-2 the options' timeout is the deadline that cuts the exchange short and frees the slot")
    void timeout() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        MiniProgramNetwork net = net(vts);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        net.guard(GuardOptions.builder("GET", URL).timeout(Duration.ofSeconds(2)).build(),
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
    @DisplayName("R-1 R-3 options made with the canonical constructor are checked when the call runs, failing that call alone")
    void canonicalConstructorCheckedAtCall() {
        MiniProgramNetwork net = net(VirtualTimeScheduler.create());
        StepVerifier.create(net.guard(new GuardOptions("BREW", URL, Map.of(), null), h -> Mono.empty()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("R-1"))
                .verify(WAIT);
        StepVerifier.create(net.guard(new GuardOptions("GET", URL, Map.of("X-Bad", "a\r\nb"), null), h -> Mono.empty()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("R-3"))
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }
}
