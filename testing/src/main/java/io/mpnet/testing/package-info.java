/**
 * Test fixtures shared by the runtime, lan, spring and benchmarks modules: the throwaway
 * {@link io.mpnet.testing.TestPki}, {@link io.mpnet.testing.OldTlsServer}, and
 * {@link io.mpnet.testing.KeepAliveReads}, which keeps Reactor Netty 1.3.7 test servers reading
 * their keep-alive connections, and {@link io.mpnet.testing.Await}, the tests' one bounded wait for
 * a state no event announces. A module of its own, not a test-jar, so that a build that stops at
 * {@code compile} (the README's quickstart) resolves it from the reactor on a fresh machine.
 */
@NullMarked
package io.mpnet.testing;

import org.jspecify.annotations.NullMarked;
