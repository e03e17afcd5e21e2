package io.mpnet.lan.compat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.compat.EventListeners;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The platform's result maps of the LAN calls, and their callbacks' lookup and call. */
final class Listeners {

    private Listeners() {
    }

    static void call(String name, @Nullable Consumer<Map<String, Object>> callback, Map<String, Object> arg) {
        EventListeners.call(name, callback, arg);
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
