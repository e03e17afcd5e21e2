package io.mpnet.runtime.internal.call;

import io.mpnet.runtime.internal.transfer.TransferFiles;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.ByteBounds;
import io.mpnet.policy.EncodedRequest;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.FixedHeaders;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.SubProtocols;
import io.mpnet.policy.RequestMethod;
import io.mpnet.policy.Timeouts;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.UploadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * E-3 and the options' own rules (R-1..R-3, P-9, U-1, D-1, S-1, S-7, T-1 for sockets): every API
 * kind's options checked and encoded into one {@link CallRequest} before any stage runs, so a bad
 * value fails this call alone, with no slot, no file and no connection. One per runtime.
 */
public final class Preparation {

    private static final byte[] NO_BODY = new byte[0];

    private final NetworkConfig config;
    private final FixedHeaders fixedHeaders;
    private volatile @Nullable Map<String, String> plainRequestHeaders; // made at the first call: idle runtimes stay small

    /** The preparation of a runtime of {@code config}, whose calls send {@code fixedHeaders} (P-9, R-3u). */
    public Preparation(NetworkConfig config, FixedHeaders fixedHeaders) {
        this.config = config;
        this.fixedHeaders = fixedHeaders;
    }

    /** A {@code wx.request}: the method, the data encoded into the URL or body, the headers (R-3, P-9). */
    public CallRequest request(RequestOptions o) {
        ApiKind api = ApiKind.REQUEST;
        String url = requireUrl(api, o.url());
        RequestMethod method = RequestMethod.parse(api, o.method());
        String contentType = RequestHeaders.contentType(o.header());
        EncodedRequest encoded = EncodedRequest.encode(api, method, url, contentType, o.data());
        Map<String, String> headers = o.header().isEmpty() ? plainRequestHeaders()
                : RequestHeaders.prepare(api, o.header(), fixedHeaders, true);
        return new CallRequest(api, encoded.url(), method.name(), headers, encoded.body(), o.timeout());
    }

    /**
     * Another client's exchange run as a {@code wx.request} ({@code MiniProgramNetwork.guard}): the
     * method and the headers (R-3, P-9, no default content type); its body stays in the other
     * client. Its URL is the other client's own: present (E-3), the policy judges it as it is.
     */
    public CallRequest guard(@Nullable String method, @Nullable String url, Map<String, String> header,
            @Nullable Duration timeout) {
        ApiKind api = ApiKind.REQUEST;
        String u = requireUrl(api, url);
        RequestMethod m = RequestMethod.parse(api, method);
        return new CallRequest(api, u, m.name(), RequestHeaders.prepare(api, header, fixedHeaders, false), NO_BODY,
                timeout);
    }

    /** A {@code wx.uploadFile}: the file (U-1, before any I/O), the part's name, the headers less a content type. */
    public CallRequest upload(UploadOptions o) {
        ApiKind api = ApiKind.UPLOAD_FILE;
        String url = requireUrl(api, o.url());
        Path file = o.filePath();
        if (file == null) {
            throw invalid(api, "U-1", "filePath is missing; give the path of the file to upload");
        }
        String shown = String.valueOf(file);
        refuseIf(api, "U-1", TransferFiles.absent("filePath", shown, file, ""));
        refuseIf(api, "U-1", TransferFiles.unreadable("filePath", shown, file, "this process may read"));
        if (o.name() == null || o.name().isEmpty()) {
            throw invalid(api, "U-1", "name is missing; give the name of the file part the server expects");
        }
        Map<String, String> header = new LinkedHashMap<>(o.header());
        // the multipart content type carries the boundary: a caller's one can only be wrong
        header.keySet().removeIf(k -> "content-type".equalsIgnoreCase(k)); // a null name is left for prepare to name
        return new CallRequest(api, url, "POST", RequestHeaders.prepare(api, header, fixedHeaders, false), NO_BODY,
                o.timeout());
    }

    /** A {@code wx.downloadFile}: where it writes (D-1, before any I/O), the headers. */
    public CallRequest download(DownloadOptions o) {
        ApiKind api = ApiKind.DOWNLOAD_FILE;
        String url = requireUrl(api, o.url());
        Path target = o.filePath();
        if (target != null) {
            Path abs = target.toAbsolutePath();
            refuseIf(api, "D-1", TransferFiles.unwritable("filePath", String.valueOf(target), abs, null,
                    String.valueOf(abs.getParent()), "create the directory first or give another filePath", true));
        }
        return new CallRequest(api, url, "GET", RequestHeaders.prepare(api, o.header(), fixedHeaders, false), NO_BODY,
                o.timeout());
    }

    /**
     * A {@code wx.connectSocket}: the sub-protocols (S-1), the byte bounds (E-3), the headers (R-3,
     * P-9, R-3u, no default content type) and the timeout (T-1), here rather than in the timeout
     * stage: a socket's options are all judged before the policy, as the platform does.
     */
    public CallRequest socket(SocketOptions o) {
        ApiKind api = ApiKind.CONNECT_SOCKET;
        String url = requireUrl(api, o.url());
        SubProtocols.check(o.protocols()); // S-1
        ByteBounds.requirePositive(api, "maxQueuedBytes", o.maxQueuedBytes(), SocketOptions.DEFAULT_MAX_QUEUED_BYTES);
        ByteBounds.requirePositive(api, "maxMessageBytes", o.maxMessageBytes(), SocketOptions.DEFAULT_MAX_MESSAGE_BYTES);
        Map<String, String> headers = RequestHeaders.prepare(api, o.header(), fixedHeaders, false); // R-3, P-9, R-3u
        Timeouts.resolve(api, o.timeout(), config); // T-1
        return new CallRequest(api, url, "GET", headers, NO_BODY, o.timeout());
    }

    /**
     * E-3: the one check that a call names a URL, first of all its checks (the option builders run
     * it as the URL is given).
     *
     * @throws MpNetException (E-3) when {@code url} is null or empty
     */
    public static String requireUrl(ApiKind api, @Nullable String url) {
        if (url == null || url.isEmpty()) {
            throw invalid(api, "E-3", "url is missing; give the full " + switch (api) {
                case REQUEST -> "https URL of a configured server domain";
                case CONNECT_SOCKET -> "wss URL of a configured socket domain";
                default -> "https URL of a configured " + api.apiName() + " server domain";
            });
        }
        return url;
    }

    /** What a request without headers sends (R-3, P-9), the common case: built once, not per call. */
    private Map<String, String> plainRequestHeaders() {
        Map<String, String> h = plainRequestHeaders;
        if (h == null) { // two first calls may both build it; either stands
            h = RequestHeaders.prepare(ApiKind.REQUEST, Map.of(), fixedHeaders, true);
            plainRequestHeaders = h;
        }
        return h;
    }

    private static void refuseIf(ApiKind api, String rule, @Nullable String problem) {
        if (problem != null) {
            throw invalid(api, rule, problem);
        }
    }

    private static MpNetException invalid(ApiKind api, String rule, String explanation) {
        return new MpNetException(api, FailReason.INVALID_PARAMETER, rule, explanation);
    }
}
