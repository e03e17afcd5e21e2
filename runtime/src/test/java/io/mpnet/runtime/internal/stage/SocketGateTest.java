package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.internal.call.CallRequest;
import io.mpnet.runtime.internal.call.CallState;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** S-4 on the socket gate alone: who gives a slot back, and when. */
class SocketGateTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    static CallState call() {
        return new CallState(new CallRequest(ApiKind.CONNECT_SOCKET, "wss://api.example.com/", "GET", Map.of(),
                new byte[0], null));
    }

    @Test
    @DisplayName("S-4 while a socket connects, the call's end gives its slot back: a cancel or a failure frees it")
    void callEndFreesTheSlot() {
        SocketGate gate = new SocketGate(1);
        CallState cancelled = call();
        Disposable connecting = cancelled.boundary(gate.apply(cancelled, permit -> Flux.never())).subscribe();
        assertThat(gate.openSockets()).isEqualTo(1);
        connecting.dispose();
        assertThat(gate.openSockets()).isZero();
        CallState failed = call();
        StepVerifier.create(failed.boundary(gate.apply(failed, permit -> Flux.error(new IllegalStateException("tls")))))
                .expectErrorSatisfies(e -> assertThat(gate.openSockets()).as("free before the failure is told").isZero())
                .verify(WAIT);
    }

    @Test
    @DisplayName("S-4 a slot the open socket took over outlives the call and goes back once, when the socket lets it go")
    void openSocketKeepsTheSlot() {
        SocketGate gate = new SocketGate(1);
        CallState c = call();
        AtomicReference<SocketGate.Permit> held = new AtomicReference<>();
        StepVerifier.create(c.boundary(gate.apply(c, permit -> {
            held.set(permit);
            permit.handOver();
            return Flux.just("open");
        }))).expectNext("open").verifyComplete();
        assertThat(gate.openSockets()).as("the call ended, the socket is open").isEqualTo(1);
        held.get().release();
        held.get().release();
        assertThat(gate.openSockets()).isZero();
    }

    @Test
    @DisplayName("S-4 the socket past the limit fails at once with S-4, and the rest of its call never runs")
    void sixthFailsAtOnce() {
        SocketGate gate = new SocketGate(1);
        CallState first = call();
        Disposable holder = first.boundary(gate.apply(first, permit -> Flux.never())).subscribe();
        CallState second = call();
        AtomicBoolean ran = new AtomicBoolean();
        StepVerifier.create(second.boundary(gate.apply(second, permit -> {
            ran.set(true);
            return Flux.just("open");
        }))).expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("S-4")).verify(WAIT);
        assertThat(ran).isFalse();
        assertThat(gate.openSockets()).isEqualTo(1);
        holder.dispose();
        assertThat(gate.openSockets()).isZero();
    }
}
