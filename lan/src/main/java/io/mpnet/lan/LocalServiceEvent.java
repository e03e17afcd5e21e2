package io.mpnet.lan;

/** What a local service discovery reports (N-1), with the platform's field names. */
public sealed interface LocalServiceEvent {

    /** The service type searched for, as given ({@code _http._tcp.}). */
    String serviceType();

    /** A service was found and resolved to an address and port. */
    record Found(String serviceType, String serviceName, String ip, int port) implements LocalServiceEvent {
    }

    /** A service found before went away. */
    record Lost(String serviceType, String serviceName) implements LocalServiceEvent {
    }

    /** A service was seen but could not be resolved to an address in time. */
    record ResolveFail(String serviceType, String serviceName) implements LocalServiceEvent {
    }

    /** The discovery was stopped; the last event. */
    record Stop(String serviceType) implements LocalServiceEvent {
    }
}
