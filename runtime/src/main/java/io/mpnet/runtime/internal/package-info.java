/**
 * The runtime's insides: the stages of a call (policy, lifecycle, gate, timeout) and the Reactor
 * Netty transport. Public only so the public package can wire them; not an API.
 */
@NullMarked
package io.mpnet.runtime.internal;

import org.jspecify.annotations.NullMarked;
