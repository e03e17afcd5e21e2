package io.mpnet.spring;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.mpnet.policy.ApiKind;
import io.mpnet.runtime.NetworkEvent;

/**
 * The default names and tags, in the way of Spring's own HTTP client observations: one name per
 * kind of call ({@code mpnet.request}, {@code mpnet.upload}, {@code mpnet.download},
 * {@code mpnet.socket}: a socket is timed from its start to its open), and the low-cardinality tags
 * {@code kind} (the platform's API name), {@code method}, {@code outcome} ({@code SUCCESS},
 * {@code INFORMATIONAL}, {@code REDIRECTION}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} by the
 * status class; {@code REFUSED} before the wire; {@code FAILED} after it), {@code status} (the status
 * class, {@code 2xx}..{@code 5xx}, or {@code NONE}) and {@code rule} (the rule of a refusal or
 * failure, e.g. {@code P-2}, {@code T-2}, or {@code none}). The URL is a high-cardinality tag,
 * {@code url}, kept off metrics.
 */
public class DefaultMpNetObservationConvention implements MpNetObservationConvention {

    private final String name;

    /** The convention of {@code wx.request}: {@code mpnet.request}. */
    public DefaultMpNetObservationConvention() {
        this("mpnet.request");
    }

    /** The convention naming its observations {@code name}. */
    public DefaultMpNetObservationConvention(String name) {
        this.name = name;
    }

    /** The default convention of a call of {@code api}. */
    public static DefaultMpNetObservationConvention of(ApiKind api) {
        return new DefaultMpNetObservationConvention(name(api));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getContextualName(MpNetObservationContext context) {
        return context.start().api().apiName() + " " + context.start().method();
    }

    private static String name(ApiKind api) {
        return switch (api) {
            case UPLOAD_FILE -> "mpnet.upload";
            case DOWNLOAD_FILE -> "mpnet.download";
            case CONNECT_SOCKET -> "mpnet.socket";
            default -> "mpnet.request";
        };
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(MpNetObservationContext context) {
        NetworkEvent end = context.end();
        int status = end instanceof NetworkEvent.CallCompleted c ? c.statusCode() : 0;
        String outcome;
        String rule = "none";
        if (end instanceof NetworkEvent.CallRefused r) {
            outcome = "REFUSED";
            rule = r.rule();
        } else if (end instanceof NetworkEvent.CallFailed f) {
            outcome = "FAILED";
            rule = f.rule().isEmpty() ? "none" : f.rule();
        } else if (end instanceof NetworkEvent.SocketOpened) {
            outcome = "SUCCESS";
            status = 101;
        } else {
            outcome = switch (status / 100) {
                case 1 -> "INFORMATIONAL";
                case 2 -> "SUCCESS";
                case 3 -> "REDIRECTION";
                case 4 -> "CLIENT_ERROR";
                case 5 -> "SERVER_ERROR";
                default -> "UNKNOWN"; // guard: another client's exchange, whose status is its own
            };
        }
        return KeyValues.of(
                KeyValue.of("kind", context.start().api().apiName()),
                KeyValue.of("method", context.start().method()),
                KeyValue.of("outcome", outcome),
                KeyValue.of("status", status == 0 ? "NONE" : (status / 100) + "xx"),
                KeyValue.of("rule", rule));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MpNetObservationContext context) {
        return KeyValues.of("url", context.start().url());
    }
}
