/**
 * One call's values and state: the request made once by {@link io.mpnet.runtime.internal.call.Preparation}, its per-subscription state and boundary, its hops, its profile and the mapping of failures to the platform's errors. Public only so the runtime's other packages can wire them; not an API (see docs/ARCHITECTURE.md).
 */
@NullMarked
package io.mpnet.runtime.internal.call;

import org.jspecify.annotations.NullMarked;
