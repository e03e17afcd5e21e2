/**
 * The runtime's insides: the stages of a call (policy, lifecycle, gate, timeout), the Reactor
 * Netty transport and the helpers the compat packages share. Public only so the public packages
 * and {@code lan} can wire them; not an API.
 */
@NullMarked
package io.mpnet.runtime.internal;

import org.jspecify.annotations.NullMarked;
