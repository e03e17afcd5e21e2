package io.mpnet.runtime;

/** What a request does with a 3xx response. */
public enum Redirect {
    /** Follow the {@code Location}, re-checking each hop against the server-domain policy (default). */
    FOLLOW,
    /** Stop at the 3xx and succeed with it; its {@code Location} is in the result's headers. */
    MANUAL
}
