package io.mpnet.runtime.internal.call;

import io.mpnet.policy.Target;
import java.util.Map;

/**
 * One hop of a call: where it goes and what it sends. The first is what the caller asked for, to
 * where the policy allowed ({@link CallState#start}); a redirect makes the next one
 * ({@code Redirects.next}), never changes this one.
 *
 * @param target the URL the policy allowed for this hop
 * @param method the method of this hop (a 303 turns it into GET)
 * @param headers the headers of this hop, immutable (the caller's credentials dropped after a hop to another origin, R-13)
 * @param body the body of this hop, empty when there is none
 * @param redirects how many redirects led here
 */
public record Hop(Target target, String method, Map<String, String> headers, byte[] body, int redirects) {
}
