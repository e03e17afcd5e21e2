package io.mpnet.runtime.compat;

import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code profile} of {@code wx.request}, {@code wx.uploadFile} and {@code wx.downloadFile} as
 * the platform's typings define it: every field of {@link RequestProfile} under its own
 * name, and the fields mpnet has no measure for, with the values that say so; and the
 * {@code profile} of {@code SocketTask.onOpen}.
 */
final class ProfileMaps {

    private ProfileMaps() {
    }

    /** {@code p} as the typings' {@code SocketProfile}: every field under its own name. */
    static Map<String, Object> of(SocketProfile p) {
        return fields(p);
    }

    /** {@code p} as the typings' {@code RequestProfile}. */
    static Map<String, Object> of(RequestProfile p) {
        Map<String, Object> m = fields(p);
        // The estimates come from the platform's network quality estimator (Chromium's), which learns
        // from every request of the app; mpnet keeps none, so it reports what that estimator reports
        // before it knows anything: connection type 0 (unknown), and -1 for each estimate.
        m.put("estimate_nettype", 0);
        m.put("httpRttEstimate", -1);
        m.put("transportRttEstimate", -1);
        m.put("downstreamThroughputKbpsEstimate", -1);
        // no HTTPDNS lookup and no high-performance mode: neither exists in mpnet
        m.put("httpDNSDomainLookUpStart", 0);
        m.put("httpDNSDomainLookUpEnd", 0);
        m.put("usingHighPerformanceMode", false);
        return m;
    }

    private static Map<String, Object> fields(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : r.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }
}
