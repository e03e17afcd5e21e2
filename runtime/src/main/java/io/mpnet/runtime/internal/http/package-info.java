/**
 * The Reactor Netty HTTP transport: the clients, address vetting and dialling, the redirect follower every HTTP kind uses, response headers, body reading and its limit, connection timings. Public only so the runtime's other packages can wire them; not an API (see docs/ARCHITECTURE.md).
 */
@NullMarked
package io.mpnet.runtime.internal.http;

import org.jspecify.annotations.NullMarked;
