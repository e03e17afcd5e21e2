/**
 * A Spring Boot WebFlux service that calls its upstream through mpnet: a backend-for-frontend that
 * serves a mini program's pages and must reach its servers under the same rules the mini program
 * would (configured domains, the Referer, 10 calls in flight, timeouts).
 */
@NullMarked
package io.mpnet.examples.webflux;

import org.jspecify.annotations.NullMarked;
