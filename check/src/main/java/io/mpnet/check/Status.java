package io.mpnet.check;

/** The outcome of one check, worst last. */
public enum Status {
    /** The server does what the phones need. */
    PASS,
    /** It works today but is a risk (a certificate expiring soon, no SCTs); fails only with {@code --strict}. */
    WARN,
    /** The phones will not reach the server, or will be refused. */
    FAIL
}
