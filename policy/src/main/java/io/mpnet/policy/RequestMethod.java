package io.mpnet.policy;

import org.jspecify.annotations.Nullable;

/** The HTTP methods {@code wx.request} accepts, upper case only. */
public enum RequestMethod {
    OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT;

    /**
     * The method named exactly so; {@code null} means GET.
     *
     * @throws MpNetException (R-1, parameter error) for anything else, before any I/O
     */
    public static RequestMethod parse(ApiKind api, @Nullable String method) {
        if (method == null) {
            return GET;
        }
        return valueOf(method); // STUB
    }
}
