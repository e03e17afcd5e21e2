package io.mpnet.lan;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import org.jspecify.annotations.Nullable;

/**
 * A failure of local service discovery (N-1). An {@link MpNetException} (so callers catch one
 * type), whose {@link #errMsg()} names the discovery call as the platform does, such as
 * {@code startLocalServiceDiscovery:fail scan task already exist}. Its {@link #api()} is
 * {@link ApiKind#UDP}: mDNS is multicast UDP, and the policy has no API kind of its own for it.
 */
public final class LocalServiceException extends MpNetException {

    private static final long serialVersionUID = 1L;

    private final String errMsg;

    LocalServiceException(String call, String reasonText, FailReason reason, String explanation,
            @Nullable Throwable cause) {
        super(ApiKind.UDP, reason, "N-1", explanation, cause);
        this.errMsg = call + ":fail " + reasonText;
    }

    /** {@code errMsg} as the platform spells it, such as {@code startLocalServiceDiscovery:fail invalid param}. */
    @Override
    public String errMsg() {
        return errMsg;
    }

    @Override
    public String getMessage() {
        return errMsg + " (N-1): " + explanation();
    }
}
