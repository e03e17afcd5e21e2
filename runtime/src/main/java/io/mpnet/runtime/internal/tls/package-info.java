/**
 * TLS: the protocol and cipher rules, the strict trust manager, the distrust list and the violations they report. Public only so the runtime's other packages can wire them; not an API (see docs/ARCHITECTURE.md).
 */
@NullMarked
package io.mpnet.runtime.internal.tls;

import org.jspecify.annotations.NullMarked;
