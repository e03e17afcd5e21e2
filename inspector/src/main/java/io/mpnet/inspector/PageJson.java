package io.mpnet.inspector;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A call as the page's script reads it: one JSON object per Server-Sent Event. */
final class PageJson {

    private PageJson() {
    }

    static ObjectNode of(JsonMapper json, CallRecord c) {
        ObjectNode o = json.createObjectNode();
        o.put("id", c.id);
        o.put("runtime", c.runtime);
        o.put("callId", c.callId);
        o.put("api", c.api);
        o.put("method", c.method);
        o.put("url", c.url);
        o.put("startedAt", c.startedAt);
        o.put("state", c.state);
        o.put("status", c.status);
        o.put("queued", c.queued);
        o.put("queuedMillis", c.queuedMillis);
        o.put("time", c.elapsed());
        o.put("size", c.size);
        o.put("rule", c.rule);
        o.put("errMsg", c.errMsg);
        o.put("errno", c.errno);
        o.put("explanation", c.explanation);
        o.put("bodyPreview", c.bodyPreview);
        o.put("requestBodyPreview", c.requestBodyPreview);
        o.put("progress", c.progress);
        o.put("bytes", c.bytes);
        o.put("bytesExpected", c.bytesExpected);
        o.put("socketProtocol", c.socketProtocol);
        o.put("closeCode", c.closeCode);
        o.put("closeReason", c.closeReason);
        headers(o.putObject("requestHeaders"), c.requestHeaders);
        headers(o.putObject("responseHeaders"), c.responseHeaders);
        ArrayNode phases = o.putArray("phases");
        if (c.profile != null) {
            o.put("protocol", c.profile.protocol());
            o.put("peerIP", c.profile.peerIP());
            o.put("socketReused", c.profile.socketReused());
            for (Phases.Phase p : Phases.of(c.profile)) {
                phases.addObject().put("name", p.name()).put("start", p.start()).put("end", p.end());
            }
        } else if (c.socketProfile != null) {
            for (Phases.Phase p : Phases.of(c.socketProfile)) {
                phases.addObject().put("name", p.name()).put("start", p.start()).put("end", p.end());
            }
        } else if (c.queuedMillis > 0) {
            // no profile (yet): the gate's wait is still worth drawing
            phases.addObject().put("name", "queue").put("start", 0).put("end", c.queuedMillis);
        }
        ArrayNode frames = o.putArray("frames");
        for (CallRecord.Frame f : c.frames) {
            frames.addObject().put("at", f.at()).put("sent", f.sent()).put("text", f.text()).put("size", f.size())
                    .put("preview", f.preview());
        }
        o.put("framesDropped", c.framesDropped);
        ArrayNode redirects = o.putArray("redirects");
        for (CallRecord.Redirect r : c.redirects) {
            redirects.addObject().put("at", r.at()).put("status", r.status()).put("from", r.from()).put("to", r.to())
                    .put("method", r.method());
        }
        return o;
    }

    private static void headers(ObjectNode into, Map<String, String> headers) {
        headers.forEach(into::put);
    }
}
