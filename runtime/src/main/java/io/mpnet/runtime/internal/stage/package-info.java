/**
 * The stages of a call between the API and the transport (policy, lifecycle, timeout, the request and socket gates) and the deadlines they share. Public only so the runtime's other packages can wire them; not an API (see docs/ARCHITECTURE.md).
 */
@NullMarked
package io.mpnet.runtime.internal.stage;

import org.jspecify.annotations.NullMarked;
