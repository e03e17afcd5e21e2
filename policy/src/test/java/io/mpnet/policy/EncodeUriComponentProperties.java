package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** encodeURIComponent round-trips every valid string and emits only unreserved characters and %XX. */
class EncodeUriComponentProperties {

    private static boolean wellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    @Property
    void roundTrips(@ForAll String s) {
        Assume.that(wellFormed(s));
        String encoded = EncodedRequest.encodeURIComponent(s);
        // URLDecoder reads '+' as space; encodeURIComponent never emits '+', so the round trip is exact
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(s);
    }

    @Property
    void onlySafeCharacters(@ForAll String s) {
        Assume.that(wellFormed(s));
        assertThat(EncodedRequest.encodeURIComponent(s)).matches("([A-Za-z0-9\\-_.!~*'()]|%[0-9A-F]{2})*");
    }
}
