package io.mpnet.policy;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The HTTP methods {@code wx.request} accepts, upper case only. */
public enum RequestMethod {
    /** HTTP OPTIONS. */
    OPTIONS,
    /** HTTP GET, the default. */
    GET,
    /** HTTP HEAD. */
    HEAD,
    /** HTTP POST. */
    POST,
    /** HTTP PUT. */
    PUT,
    /** HTTP DELETE. */
    DELETE,
    /** HTTP TRACE. */
    TRACE,
    /** HTTP CONNECT. */
    CONNECT;

    private static final RequestMethod[] ALL = values(); // values() copies the array on every call
    private static final String ALLOWED = Arrays.stream(ALL).map(Enum::name).collect(Collectors.joining(", "));

    /**
     * The method named exactly so; {@code null} means GET.
     *
     * @throws MpNetException (R-1, parameter error) for anything else, before any I/O
     */
    public static RequestMethod parse(ApiKind api, @Nullable String method) {
        if (method == null) {
            return GET;
        }
        for (RequestMethod m : ALL) {
            // exact match: the platform documents upper case only ("需大写"), so "get" is refused, not repaired
            if (m.name().equals(method)) {
                return m;
            }
        }
        String hint = Arrays.stream(values()).anyMatch(m -> m.name().equalsIgnoreCase(method))
                ? " (methods are upper case)" : "";
        throw new MpNetException(api, FailReason.INVALID_PARAMETER, "R-1",
                "method '" + method + "' is not allowed" + hint + "; use one of " + ALLOWED);
    }

    /**
     * Whether object {@code data} goes into the body rather than the URL's query string: for
     * every method but GET, as the platform's documentation says only GET turns it into a query.
     */
    public boolean sendsDataInBody() {
        return this != GET;
    }
}
