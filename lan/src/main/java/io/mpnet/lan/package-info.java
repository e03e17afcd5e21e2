/**
 * LAN capabilities under the platform's rules: mDNS service discovery, UDP and TCP sockets,
 * every destination judged by the policy (P-10, P-11, P-12, P-12u).
 */
@NullMarked
package io.mpnet.lan;

import org.jspecify.annotations.NullMarked;
