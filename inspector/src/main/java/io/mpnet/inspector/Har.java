package io.mpnet.inspector;

import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketProfile;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP Archive 1.2 of the stored calls, the format browsers' developer tools import.
 *
 * <p>Every stored call is an entry, in the order calls started. A refused or failed call is
 * exported as browsers export a blocked request: status 0, with the reason in {@code _error}
 * (Chrome's field) and the platform's {@code _rule}, {@code _errMsg}, {@code _errno} and
 * {@code _explanation} (HAR allows custom fields whose names start with {@code _}). A call still in
 * flight is exported as it stands, with {@code _inFlight: true}. A socket is an entry with status
 * 101, {@code _resourceType: "websocket"} and its kept messages in {@code _webSocketMessages}, as
 * Chrome writes them. Timings come from the R-10 profile; a call without one (upload, download,
 * socket) gets its gate wait as {@code blocked}, the time to its headers as {@code wait} and the
 * rest as {@code receive}.
 */
final class Har {

    private Har() {
    }

    static ObjectNode of(JsonMapper json, List<String> runtimes, long startedAt, List<ObjectNode> entries) {
        ObjectNode har = json.createObjectNode();
        ObjectNode log = har.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "mpnet-inspector").put("version", version());
        ArrayNode pages = log.putArray("pages");
        for (String r : runtimes) {
            ObjectNode page = pages.addObject();
            page.put("startedDateTime", iso(startedAt));
            page.put("id", r);
            page.put("title", r);
            page.putObject("pageTimings");
        }
        log.putArray("entries").addAll(entries);
        return har;
    }

    private static String version() {
        String v = Har.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /**
     * The entries of one call: as browsers export a redirect chain, one per hop whose answer
     * redirected it, then its last hop's, which carries the call's answer, timings and end.
     */
    static List<ObjectNode> entries(JsonMapper json, CallRecord c) {
        if (c.redirects.isEmpty()) {
            return List.of(entry(json, c));
        }
        List<ObjectNode> out = new ArrayList<>(c.redirects.size() + 1);
        String method = c.method.isEmpty() ? "GET" : c.method;
        long start = c.startedAt;
        for (CallRecord.Redirect r : c.redirects) {
            out.add(redirect(json, c, r, method, start, out.isEmpty()));
            method = r.method();
            start = r.at();
        }
        out.add(entry(json, c));
        return out;
    }

    /** A hop whose answer redirected the call: its request and the 3xx, without timings of its own. */
    private static ObjectNode redirect(JsonMapper json, CallRecord c, CallRecord.Redirect r, String method, long start,
            boolean first) {
        ObjectNode e = json.createObjectNode();
        e.put("pageref", c.runtime);
        e.put("startedDateTime", iso(start));
        ObjectNode request = e.putObject("request");
        request.put("method", method);
        request.put("url", r.from());
        request.put("httpVersion", "HTTP/1.1");
        // the caller's headers went with the first hop; a later one may have dropped its credentials
        request.set("cookies", cookies(json, first ? c.requestCookies : List.of()));
        request.set("headers", headers(json, first ? c.requestHeaders : Map.of()));
        query(request, r.from());
        request.put("headersSize", -1);
        request.put("bodySize", -1);
        ObjectNode response = e.putObject("response");
        response.put("status", r.status());
        response.put("statusText", HttpResponseStatus.valueOf(r.status()).reasonPhrase());
        response.put("httpVersion", "HTTP/1.1");
        response.putArray("cookies");
        response.set("headers", headers(json, r.header()));
        response.putObject("content").put("size", 0).put("mimeType", "");
        response.put("redirectURL", r.to());
        response.put("headersSize", -1);
        response.put("bodySize", -1);
        e.putObject("cache");
        double wait = Math.max(0, r.at() - start);
        e.putObject("timings").put("blocked", -1).put("dns", -1).put("connect", -1).put("ssl", -1)
                .put("send", 0).put("wait", wait).put("receive", 0);
        e.put("time", wait);
        e.put("_mpnetCallId", c.callId);
        e.put("_apiKind", c.api);
        return e;
    }

    private static void query(ObjectNode request, String url) {
        ArrayNode query = request.putArray("queryString");
        if (!url.isEmpty()) {
            new QueryStringDecoder(url).parameters().forEach((name, values) ->
                    values.forEach(v -> query.addObject().put("name", name).put("value", v)));
        }
    }

    /** The call's last hop: after redirects, the URL and method of the hop that got the answer. */
    static ObjectNode entry(JsonMapper json, CallRecord c) {
        ObjectNode e = json.createObjectNode();
        RequestProfile p = c.profile;
        String httpVersion = p == null || p.protocol().isEmpty() ? "HTTP/1.1" : p.protocol().toUpperCase(java.util.Locale.ROOT);
        CallRecord.Redirect last = c.redirects.isEmpty() ? null : c.redirects.get(c.redirects.size() - 1);
        String url = last == null ? c.url : last.to();
        e.put("pageref", c.runtime);
        e.put("startedDateTime", iso(last == null ? c.startedAt : last.at()));

        ObjectNode request = e.putObject("request");
        request.put("method", last != null ? last.method() : c.method.isEmpty() ? "GET" : c.method);
        request.put("url", url);
        request.put("httpVersion", httpVersion);
        request.set("cookies", cookies(json, c.requestCookies));
        request.set("headers", headers(json, c.requestHeaders));
        query(request, url);
        if (c.requestBodyPreview != null) { // HAR 1.2: postData's mimeType and text are required
            String type = CallRecord.header(c.requestHeaders, "Content-Type");
            request.putObject("postData").put("mimeType", type == null ? "" : type).put("text", c.requestBodyPreview);
        }
        request.put("headersSize", -1);
        request.put("bodySize", p != null ? p.sendBytesCount()
                : "GET".equals(c.method) || "HEAD".equals(c.method) ? 0 : -1);

        ObjectNode response = e.putObject("response");
        int status = "refused".equals(c.state) || "failed".equals(c.state) && c.headersAt < 0 ? 0 : c.status;
        response.put("status", status);
        response.put("statusText", status == 0 ? "" : HttpResponseStatus.valueOf(status).reasonPhrase());
        response.put("httpVersion", httpVersion);
        response.set("cookies", cookies(json, c.responseCookies));
        response.set("headers", headers(json, c.responseHeaders));
        ObjectNode content = response.putObject("content");
        content.put("size", Math.max(c.size, 0));
        String type = CallRecord.header(c.responseHeaders, "Content-Type");
        content.put("mimeType", type == null ? "" : type);
        if (c.bodyPreview != null) {
            content.put("text", c.bodyPreview);
        }
        String location = CallRecord.header(c.responseHeaders, "Location");
        response.put("redirectURL", location == null ? "" : location);
        response.put("headersSize", -1);
        response.put("bodySize", c.size < 0 ? -1 : c.size);
        if (c.errMsg != null) {
            response.put("_error", c.errMsg);
        }

        e.putObject("cache");
        ObjectNode t = e.putObject("timings");
        double time;
        if (p != null) {
            double blocked = Phases.span(p.queueStart(), p.queueEnd());
            double dns = Phases.dns(p);
            double connect = Phases.connect(p);
            double ssl = Phases.ssl(p);
            double send = Math.max(0, Phases.span(p.requestStart(), p.requestEnd()));
            double wait = Math.max(0, Phases.span(p.requestEnd(), p.responseStart()));
            double receive = Math.max(0, Phases.span(p.responseStart(), p.responseEnd()));
            t.put("blocked", blocked).put("dns", dns).put("connect", connect).put("ssl", ssl)
                    .put("send", send).put("wait", wait).put("receive", receive);
            // HAR: time is the sum of the timings that happened; ssl is already inside connect
            time = Math.max(0, blocked) + Math.max(0, dns) + Math.max(0, connect) + send + wait + receive;
            if (!p.peerIP().isEmpty()) {
                e.put("serverIPAddress", p.peerIP());
            }
        } else if (c.socketProfile != null) { // a socket: its opening, as far as the 101
            SocketProfile s = c.socketProfile;
            double dns = Phases.span(s.domainLookUpStart(), s.domainLookUpEnd());
            double connect = Phases.span(s.connectStart(), s.connectEnd());
            double wait = Math.max(0, s.handshakeCost());
            t.put("blocked", -1).put("dns", dns).put("connect", connect).put("ssl", -1)
                    .put("send", 0).put("wait", wait).put("receive", 0);
            time = Math.max(0, dns) + Math.max(0, connect) + wait;
        } else {
            long end = c.endAt >= 0 ? c.endAt : c.headersAt >= 0 ? c.headersAt : c.startedAt;
            long start = c.admittedAt >= 0 ? c.admittedAt : c.startedAt;
            long headers = c.headersAt >= 0 ? c.headersAt : end;
            double blocked = c.queuedMillis >= 0 ? c.queuedMillis : -1;
            double wait = Math.max(0, headers - start);
            double receive = Math.max(0, end - headers);
            t.put("blocked", blocked).put("dns", -1).put("connect", -1).put("ssl", -1)
                    .put("send", 0).put("wait", wait).put("receive", receive);
            time = Math.max(0, blocked) + wait + receive;
        }
        e.put("time", time);

        e.put("_mpnetCallId", c.callId);
        e.put("_apiKind", c.api);
        if (c.rule != null) {
            e.put("_rule", c.rule);
            e.put("_errMsg", c.errMsg);
            e.put("_errno", c.errno);
            e.put("_explanation", c.explanation);
        }
        if ("pending".equals(c.state) || "open".equals(c.state)) {
            e.put("_inFlight", true);
        }
        if (c.isSocket()) {
            e.put("_resourceType", "websocket");
            ArrayNode messages = e.putArray("_webSocketMessages");
            for (CallRecord.Frame f : c.frames) {
                // Chrome's shape: time in seconds since the epoch, opcode 1 text / 2 binary
                messages.addObject().put("type", f.sent() ? "send" : "receive").put("time", f.at() / 1000.0)
                        .put("opcode", f.text() ? 1 : 2).put("data", f.preview());
            }
        }
        return e;
    }

    private static ArrayNode headers(JsonMapper json, Map<String, String> headers) {
        ArrayNode out = json.createArrayNode();
        headers.forEach((k, v) -> out.addObject().put("name", k).put("value", v));
        return out;
    }

    private static ArrayNode cookies(JsonMapper json, List<CallRecord.Cookie> cookies) {
        ArrayNode out = json.createArrayNode();
        cookies.forEach(c -> out.addObject().put("name", c.name()).put("value", c.value()));
        return out;
    }
}
