/**
 * Test fixtures shared through the runtime's test-jar with the lan, spring, examples and benchmarks
 * modules: the throwaway {@link io.mpnet.runtime.testing.TestPki}, and
 * {@link io.mpnet.runtime.testing.KeepAliveReads}, which keeps Reactor Netty 1.3.7 test servers
 * reading their keep-alive connections.
 */
@NullMarked
package io.mpnet.runtime.testing;

import org.jspecify.annotations.NullMarked;
