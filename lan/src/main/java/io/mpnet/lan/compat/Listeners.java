package io.mpnet.lan.compat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one wx event ({@code onMessage}...): a listener that throws is logged and harms nothing. */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final String event;
    private final List<Consumer<Map<String, Object>>> all = new CopyOnWriteArrayList<>();

    Listeners(String event) {
        this.event = event;
    }

    void add(Consumer<Map<String, Object>> listener) {
        all.add(listener);
    }

    /** Removes one listener, or all of them when {@code listener} is null (as the platform's off* does). */
    void remove(@Nullable Consumer<Map<String, Object>> listener) {
        if (listener == null) {
            all.clear();
        } else {
            all.remove(listener);
        }
    }

    void fire(Map<String, Object> arg) {
        for (Consumer<Map<String, Object>> l : all) {
            call(event, l, arg);
        }
    }

    static void call(String name, @Nullable Consumer<Map<String, Object>> callback, Map<String, Object> arg) {
        if (callback == null) {
            return;
        }
        try {
            callback.accept(arg);
        } catch (RuntimeException e) {
            LOG.warn("the {} callback threw; the socket and the runtime go on", name, e);
        }
    }

    @SuppressWarnings("unchecked")
    static @Nullable Consumer<Map<String, Object>> callback(Map<String, ?> options, String name) {
        return options.get(name) instanceof Consumer<?> c ? (Consumer<Map<String, Object>>) c : null;
    }

    /** The {@code fail} argument of an error: {@code errMsg}, {@code errno} where defined, the rule and explanation. */
    static Map<String, Object> failure(MpNetException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", e.errMsg());
        e.errno().ifPresent(n -> m.put("errno", n));
        m.put("rule", e.rule());
        m.put("explanation", e.explanation());
        return m;
    }

    /** As {@link #failure(MpNetException)}; anything else is wrapped, so no raw exception reaches a listener (E-2). */
    static Map<String, Object> failure(Throwable e, ApiKind api, String rule) {
        return failure(e instanceof MpNetException m ? m
                : new MpNetException(api, FailReason.NETWORK, rule, "the socket failed: " + e, e));
    }

    static Map<String, Object> ok(String api) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", api + ":ok");
        return m;
    }
}
