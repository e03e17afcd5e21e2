package io.mpnet.runtime.internal.tls;

import java.security.cert.CertificateException;
import org.jspecify.annotations.Nullable;

/**
 * A certificate refused by one of X-2..X-4, thrown from {@link StrictTrustManager} so the rule travels
 * through the JDK's handshake exception (as its cause) to {@link TlsRules#classify}.
 */
final class TlsRuleViolation extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final String rule;
    private final String problem;
    private final String fix;

    /**
     * @param rule the rule id, {@code X-2}, {@code X-3} or {@code X-4}
     * @param problem what is wrong, about the server ("its certificate expired on ...")
     * @param fix what the server's operator (or the developer) should do
     */
    TlsRuleViolation(String rule, String problem, String fix, @Nullable Throwable cause) {
        super(rule + ": " + problem, cause);
        this.rule = rule;
        this.problem = problem;
        this.fix = fix;
    }

    String rule() {
        return rule;
    }

    String problem() {
        return problem;
    }

    String fix() {
        return fix;
    }
}
