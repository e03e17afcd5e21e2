package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Properties of the URL reader and the policy over generated, often hostile, input (the P rules). */
class UrlPolicyProperties {

    static final NetworkPolicy WECHAT = NetworkPolicyTest.policy(Profile.WECHAT, true);
    static final NetworkPolicy APPSERVICE = NetworkPolicyTest.policy(Profile.APPSERVICE, true);

    @Property(tries = 3000)
    @Label("P-2 any string yields a decision, never an exception")
    void anyStringYieldsADecision(@ForAll @StringLength(max = 80) String s) {
        for (NetworkPolicy p : new NetworkPolicy[] {WECHAT, APPSERVICE}) {
            for (ApiKind api : new ApiKind[] {ApiKind.REQUEST, ApiKind.CONNECT_SOCKET}) {
                PolicyDecision d = p.check(api, s);
                assertThat(d.rule()).matches("OK|P-(1|2|4|5|8|11)");
                assertThat(d.allowed() ? d.target() : d.explanation()).isNotNull();
            }
            for (ApiKind api : new ApiKind[] {ApiKind.UDP, ApiKind.TCP}) {
                assertThat(p.checkAddress(api, s, 7000).rule()).matches("OK|P-(8|11|12|12u)");
            }
        }
    }

    @Property(tries = 3000)
    @Label("P-2 URL-shaped strings with hostile characters yield a decision, never an exception")
    void urlShapedStringsYieldADecision(@ForAll("urlShaped") String url) {
        PolicyDecision d = WECHAT.check(ApiKind.REQUEST, url);
        assertThat(d.rule()).matches("OK|P-(1|2|4|5|8|11)");
    }

    @Property(tries = 2000)
    @Label("P-2 a denied URL never becomes allowed by changing letter case, a trailing dot or percent-encoding")
    void deniedStaysDenied(@ForAll("deniedUrls") String url, @ForAll("caseMasks") long mask) {
        assertThat(WECHAT.check(ApiKind.REQUEST, url).allowed()).isFalse();
        String host = url.substring("https://".length(), url.indexOf('/', "https://".length()));
        String rest = url.substring("https://".length() + host.length());
        for (String variant : new String[] {
            "https://" + flipCase(host, mask) + rest,
            "https://" + host + "." + rest,
            "https://" + flipCase(host, mask) + "." + rest,
            "https://" + percentEncodeOne(host, mask) + rest,
            "https://" + host.replace('.', '\u3002') + rest,
            "https://" + host + "%2e" + rest,
        }) {
            assertThat(WECHAT.check(ApiKind.REQUEST, variant).allowed()).as(variant).isFalse();
        }
    }

    @Property(tries = 1000)
    @Label("P-2 an allowed URL stays allowed under ASCII case changes and one trailing dot, with the same target")
    void allowedIsCaseInsensitive(@ForAll("allowedHosts") String host, @ForAll("caseMasks") long mask) {
        Target t = WECHAT.check(ApiKind.REQUEST, "https://" + host + "/p").orThrow();
        String dotted = host.indexOf(':') >= 0 ? host.replace(":", ".:") : host + ".";
        Target u = WECHAT.check(ApiKind.REQUEST, "https://" + flipCase(dotted, mask) + "/p").orThrow();
        assertThat(u.host()).isEqualTo(t.host());
        assertThat(u.url()).isEqualTo(t.url());
    }

    @Provide
    Arbitrary<String> urlShaped() {
        Arbitrary<String> scheme = Arbitraries.of("https://", "http://", "HTTPS://", "https:", "https:/", "", "wss://");
        Arbitrary<String> hostile = Arbitraries.strings()
                .withChars("aAz.-_:@[]%\\/?#0x19.1\u3002\uff0e\uff61\u00ad\u200b\u0131\u017f\u212a\u00a0 \t\n中国ｅ")
                .ofMaxLength(30);
        Arbitrary<String> host = Arbitraries.of("api.example.com", "pay.example.com:8443", "127.0.0.1", "[::1]",
                "192.168.50.20", "api.weixin.qq.com", "xn--fiqs8s.example.cn", "");
        return Combinators.combine(scheme, hostile, host, hostile).as((a, b, c, d) -> a + b + c + d);
    }

    @Provide
    Arbitrary<String> deniedUrls() {
        return Arbitraries.of(
                "https://evil.com/x", "https://api.example.org/x", "https://v2.api.example.com/x",
                "https://api.weixin.qq.com/x", "https://127.0.0.1/x", "https://localhost/x",
                "https://pay.example.com/x", "https://api.example.com:443/x", "https://10.0.0.5/x",
                "https://192.168.50.255/x", "https://api-example.com/x", "https://apiexample.com/x");
    }

    @Provide
    Arbitrary<String> allowedHosts() {
        return Arbitraries.of("api.example.com", "pay.example.com:8443", "xn--fiqs8s.example.cn", "192.168.50.20");
    }

    @Provide
    Arbitrary<Long> caseMasks() {
        return Arbitraries.longs();
    }

    static String flipCase(String s, long mask) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean flip = ((mask >>> (i % 64)) & 1) != 0;
            sb.append(flip && c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return sb.toString();
    }

    static String percentEncodeOne(String host, long mask) {
        int i = (int) Math.floorMod(mask, (long) host.length());
        return host.substring(0, i) + String.format("%%%02X", (int) host.charAt(i)) + host.substring(i + 1);
    }
}
