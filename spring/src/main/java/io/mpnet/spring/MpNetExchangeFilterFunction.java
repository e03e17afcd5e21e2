package io.mpnet.spring;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.GuardOptions;
import io.mpnet.runtime.MiniProgramNetwork;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Puts a Spring {@code WebClient} under a {@link MiniProgramNetwork}'s rules, as if each exchange
 * were a {@code wx.request}: the URL is judged by the policy before anything is sent (P-*), the
 * headers are checked and carry the runtime's Referer and User-Agent (R-3, P-9, R-3u), and the
 * exchange runs in the background rules (B-*), one deadline (T-1, T-2) and the runtime's shared
 * gate of 10 (L-1, L-2).
 * Refusals and failures arrive as {@link io.mpnet.policy.MpNetException}.
 *
 * <pre>{@code
 * WebClient client = WebClient.builder()
 *       .clientConnector(new ReactorClientHttpConnector(network.httpClient())) // P-11, X-1..X-4
 *       .filter(mpNetExchangeFilterFunction)
 *       .build();
 * client.get().uri("https://api.example.com/user")
 *       .attributes(MpNetExchangeFilterFunction.timeout(Duration.ofSeconds(5)))
 *       .retrieve().bodyToMono(String.class);
 * }</pre>
 *
 * <p>The response body is read whole inside the call, as {@code wx.request} does, so the slot and
 * the deadline cover it; bodies larger than the runtime's {@code maxResponseBytes} fail the call
 * (R-12; use the runtime's {@code downloadFile} for large ones). The filter judges the URL; where
 * the name resolves and how TLS is spoken is the connector's: give the WebClient the runtime's
 * ({@link MiniProgramNetwork#httpClient()}, the starter's {@code mpNetClientHttpConnector} bean)
 * for the DNS-answer check (P-11) and the TLS rules (X-1..X-4), whose failures the filter reports
 * as {@link io.mpnet.policy.MpNetException}s naming the rule.
 */
public final class MpNetExchangeFilterFunction implements ExchangeFilterFunction {

    /** The request attribute holding a {@link Duration} timeout for one exchange (T-1). */
    public static final String TIMEOUT_ATTRIBUTE = MpNetExchangeFilterFunction.class.getName() + ".timeout";

    /** The default limit of a buffered response body: 16 MiB, the runtime's default {@code maxResponseBytes}. */
    public static final int DEFAULT_MAX_BODY_BYTES = (int) NetworkConfig.DEFAULT_MAX_RESPONSE_BYTES;

    private final MiniProgramNetwork network;
    private final int maxBodyBytes;

    /**
     * A filter for {@code network}, buffering response bodies up to its {@code maxResponseBytes}
     * (R-12; at most 2 GiB, a Spring buffer's limit; none when the runtime sets none).
     */
    public MpNetExchangeFilterFunction(MiniProgramNetwork network) {
        this(network, network.config().maxResponseBytes() < 0 ? -1
                : (int) Math.min(Integer.MAX_VALUE, network.config().maxResponseBytes()));
    }

    /** A filter for {@code network}, buffering response bodies up to {@code maxBodyBytes}, or without limit when -1. */
    public MpNetExchangeFilterFunction(MiniProgramNetwork network, int maxBodyBytes) {
        this.network = Objects.requireNonNull(network, "network");
        if (maxBodyBytes <= 0 && maxBodyBytes != -1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, or -1 for no limit, was " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes; // -1 is also DataBufferUtils.join's word for no limit
    }

    /** Sets the timeout of one exchange: {@code .attributes(MpNetExchangeFilterFunction.timeout(d))}. */
    public static Consumer<Map<String, Object>> timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return attributes -> attributes.put(TIMEOUT_ATTRIBUTE, timeout);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        @Nullable Duration timeout = request.attribute(TIMEOUT_ATTRIBUTE).map(Duration.class::cast).orElse(null);
        // the canonical constructor, not the builder: another client's headers are judged when the call
        // runs, so a bad one fails this Mono rather than throwing from filter()
        GuardOptions options = new GuardOptions(request.method().name(), request.url().toString(),
                singleValued(request.headers()), timeout);
        return network.guard(options, checked -> next.exchange(withFixedHeaders(request, checked)).flatMap(this::readWhole))
                .single();
    }

    /** The request with the runtime's Referer (P-9) and User-Agent (R-3u) in place of any the caller set. */
    private static ClientRequest withFixedHeaders(ClientRequest request, Map<String, String> checked) {
        return ClientRequest.from(request).headers(h -> {
            for (String name : List.of(HttpHeaders.REFERER, HttpHeaders.USER_AGENT)) {
                String value = checked.get(name);
                h.remove(name);
                if (value != null) {
                    h.set(name, value);
                }
            }
        }).build();
    }

    /** The response with its body read, so the call (slot, deadline) ends when the body has arrived. */
    private Mono<ClientResponse> readWhole(ClientResponse response) {
        Flux<DataBuffer> body = response.body(BodyExtractors.toDataBuffers());
        return DataBufferUtils.join(body, maxBodyBytes)
                .onErrorMap(DataBufferLimitException.class, e -> new MpNetException(ApiKind.REQUEST, FailReason.NETWORK,
                        "R-12", "the response from " + response.request().getURI().getHost() + " is larger than the "
                        + maxBodyBytes + " bytes this filter holds. Fetch large bodies with"
                        + " the runtime's downloadFile, or raise maxResponseBytes (mpnet.max-response-bytes, -1 for no"
                        + " limit)", e))
                .map(joined -> response.mutate().body(Flux.just(joined)).build())
                .switchIfEmpty(Mono.fromSupplier(() -> response.mutate().body(Flux.empty()).build()));
    }

    /** Header values as the rules read them: repeated ones joined with {@code ", "}. */
    private static Map<String, String> singleValued(HttpHeaders headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : headers.headerSet()) {
            out.put(e.getKey(), String.join(", ", e.getValue()));
        }
        return out;
    }
}
