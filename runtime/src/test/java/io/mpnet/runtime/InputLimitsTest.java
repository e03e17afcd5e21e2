package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.UrlLength;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * Input a hostile or careless caller may hand over, through the whole runtime on loopback: it fails
 * that call alone with a clear {@link MpNetException} (E-3), before any connection or slot.
 */
class InputLimitsTest extends LoopbackTest {

    DisposableServer counting() {
        return countingServer(r -> r.route(req -> true, (req, res) -> res.sendString(Mono.just("reached"))));
    }

    /** {@code call} fails with {@code rule}, as a parameter error, without a connection; the runtime goes on. */
    void assertRefusedBeforeIo(MiniProgramNetwork net, DisposableServer s, Mono<?> call, String rule,
            Consumer<MpNetException> more) {
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).as(m.getMessage()).isEqualTo(rule);
                    assertThat(m.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    more.accept(m);
                })
                .verify(WAIT);
        assertThat(acceptedConnections).as("connections accepted").hasValue(0);
        assertThat(net.availableSlots()).isEqualTo(10);
        HttpResult ok = net.request(RequestOptions.get(lan(s, "/after")).build()).block(WAIT);
        assertThat(ok.data()).as("the next call goes on").isEqualTo("reached");
    }

    static Map<String, Object> selfReferencing() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("page", 1);
        data.put("self", data);
        return data;
    }

    @Test
    @DisplayName("E-3 a URL over UrlLength.MAX characters is refused naming the limit: no connection, no slot")
    void urlTooLong() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        String url = lan(s, "/?q=") + "x".repeat(UrlLength.MAX);
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.get(url).build()), "E-3",
                e -> assertThat(e.getMessage()).contains("over the limit of " + UrlLength.MAX));
    }

    @Test
    @DisplayName("E-3 a GET whose data makes the URL longer than UrlLength.MAX is refused the same way")
    void queryMakesUrlTooLong() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        Map<String, Object> data = Map.of("q", "x".repeat(UrlLength.MAX));
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.get(lan(s, "/")).data(data).build()), "E-3",
                e -> assertThat(e.getMessage()).contains("UrlLength.MAX"));
    }

    @Test
    @DisplayName("E-3 GET data that refers to itself is a parameter error, not a StackOverflowError")
    void getDataCycle() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.get(lan(s, "/")).data(selfReferencing()).build()),
                "E-3", e -> assertThat(e.getMessage()).contains("refers to itself", "128"));
    }

    @Test
    @DisplayName("E-3 a JSON body that refers to itself is a parameter error, not a StackOverflowError")
    void jsonBodyCycle() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("items", List.of(Map.of("owner", data)));
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.post(lan(s, "/")).data(data).build()),
                "E-3", e -> assertThat(e.getMessage()).contains("refers to itself", "128"));
    }
}
