package io.mpnet.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkEvent;
import io.mpnet.policy.ApiKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * A Micrometer {@link Observation} for every call of a runtime, from its start to its end, named and
 * tagged by an {@link MpNetObservationConvention}: with a {@code MeterRegistry} handler these are
 * timers ({@code mpnet.request}, {@code mpnet.upload}, {@code mpnet.download}, {@code mpnet.socket}),
 * with a tracer spans, parented to the observation current where the call was subscribed. Works
 * with or without Spring: {@code MpNetObservations.observe(net, registry)}; the starter does it for
 * the runtime bean when an {@link ObservationRegistry} bean exists.
 *
 * <p>Fed by {@link MiniProgramNetwork#addEventListener}, so no call is missed; a call that started
 * before this was attached is not observed.
 */
public final class MpNetObservations {

    private static final Map<ApiKind, MpNetObservationConvention> DEFAULTS = new EnumMap<>(ApiKind.class);

    static {
        for (ApiKind api : ApiKind.values()) {
            DEFAULTS.put(api, DefaultMpNetObservationConvention.of(api));
        }
    }

    private final ObservationRegistry registry;
    private final @Nullable MpNetObservationConvention custom;
    private final Map<Long, Observation> running = new ConcurrentHashMap<>();

    private MpNetObservations(ObservationRegistry registry, @Nullable MpNetObservationConvention custom) {
        this.registry = registry;
        this.custom = custom;
    }

    /** Observes every call {@code net} starts from now on, with the default convention, until disposed. */
    public static Disposable observe(MiniProgramNetwork net, ObservationRegistry registry) {
        return observe(net, registry, null);
    }

    /**
     * Observes every call {@code net} starts from now on, named and tagged by {@code convention} for
     * every kind ({@code null}: {@link DefaultMpNetObservationConvention#of} the call's kind), until
     * disposed. A convention registered on the registry takes precedence, as with Spring's own.
     */
    public static Disposable observe(MiniProgramNetwork net, ObservationRegistry registry,
            @Nullable MpNetObservationConvention convention) {
        MpNetObservations o = new MpNetObservations(Objects.requireNonNull(registry, "registry"), convention);
        Disposable listening = net.addEventListener(o::on);
        return () -> {
            listening.dispose();
            o.running.values().forEach(Observation::stop); // calls still running end their observation here
            o.running.clear();
        };
    }

    private void on(NetworkEvent e) {
        if (e instanceof NetworkEvent.CallStarted s) {
            MpNetObservationContext context = new MpNetObservationContext(s);
            Observation o = Observation.createNotStarted(custom, DEFAULTS.get(s.api()), () -> context, registry);
            running.put(s.callId(), o.start());
        } else if (e instanceof NetworkEvent.CallCompleted || e instanceof NetworkEvent.CallRefused
                || e instanceof NetworkEvent.CallFailed || e instanceof NetworkEvent.SocketOpened) {
            Observation o = running.remove(e.callId());
            if (o != null) {
                ((MpNetObservationContext) o.getContext()).end(e);
                if (e instanceof NetworkEvent.CallFailed f) {
                    o.error(new CallFailure(f.errMsg(), f.rule()));
                }
                o.stop();
            }
        }
    }

    /** The error an observation of a failed call records: its errMsg and rule, as the platform words them. */
    static final class CallFailure extends RuntimeException {
        CallFailure(String errMsg, String rule) {
            super(errMsg + (rule.isEmpty() ? "" : " [" + rule + "]"), null, false, false);
        }
    }
}
