package io.mpnet.lan;

import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.SocketException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the JmDNS of this test JVM a UDP port of its own instead of mDNS's 5353, before any test
 * loads JmDNS (which reads {@code net.mdns.port} once): another build's tests or the machine's own
 * mDNS daemon may hold 5353 too, and a datagram sent to a port that several sockets share reaches
 * only one of them, so {@link MdnsResponder}'s packets could go astray. Registered as a JUnit
 * Platform launcher session listener (META-INF/services); {@code -Dnet.mdns.port=...} still wins.
 */
public class MdnsPort implements LauncherSessionListener {

    static final String PROPERTY = "net.mdns.port";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try (DatagramSocket probe = new DatagramSocket(0)) { // free on every address, as JmDNS binds the wildcard
            System.setProperty(PROPERTY, Integer.toString(probe.getLocalPort()));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }
}
