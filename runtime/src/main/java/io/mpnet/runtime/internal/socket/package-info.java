/**
 * connectSocket: the WebSocket transport, the socket task and the socket argument checks. Public only so the runtime's other packages can wire them; not an API (see docs/ARCHITECTURE.md).
 */
@NullMarked
package io.mpnet.runtime.internal.socket;

import org.jspecify.annotations.NullMarked;
