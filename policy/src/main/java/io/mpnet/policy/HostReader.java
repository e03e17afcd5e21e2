package io.mpnet.policy;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the host of a URL or an address (docs/RULES.md, "Reading a URL"): ASCII lower case, one trailing
 * dot dropped, Unicode labels to ASCII by IDNA2008 without mapping, IPv4 in every WHATWG spelling,
 * IPv6 in brackets. Refusals throw {@link RuleViolation} with rule P-2.
 *
 * <p>Hand-written because no JDK or small library does what the rule needs: {@code java.net.URI}
 * accepts hosts a browser reads differently, and {@code java.net.IDN} maps (IDNA2003 nameprep)
 * where the platform refuses.
 */
final class HostReader {

    static final int MAX_HOST = 253;
    static final int MAX_LABEL = 63;

    /** A host as read: its normal text, and the address when it is an IP literal. */
    record Host(String name, @Nullable InetAddress literal) {
    }

    private HostReader() {
    }

    /**
     * Whether {@code s[from, to)} is a plain host name that needs no copy to be judged: ASCII
     * letters, digits, hyphens and underscores in labels of legal length, no trailing dot, and a
     * last label that a URL parser would not read as a number. Allocates nothing; its normal form
     * is the region in ASCII lower case.
     */
    static boolean isPlainName(String s, int from, int to) {
        int n = to - from;
        if (n == 0 || n > MAX_HOST) {
            return false;
        }
        int labelStart = from;
        boolean labelHasNonDigit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (i == labelStart || i - labelStart > MAX_LABEL) {
                    return false;
                }
                labelStart = i + 1;
                labelHasNonDigit = false;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                labelHasNonDigit = true;
            } else if (c == '-') {
                if (i == labelStart || i + 1 == to || s.charAt(i + 1) == '.') {
                    return false; // a label never starts or ends with '-': the slow path says so
                }
                labelHasNonDigit = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        // an empty last label is a trailing dot; a numeric or 0x last label makes the host IPv4
        return labelStart < to && to - labelStart <= MAX_LABEL && labelHasNonDigit
                && !(to - labelStart >= 2 && s.charAt(labelStart) == '0' && (s.charAt(labelStart + 1) | 0x20) == 'x'
                        && isHex(s, labelStart + 2, to));
    }

    /**
     * Reads a host as written in a URL authority or an address argument.
     *
     * @throws RuleViolation (P-2) naming what is wrong with it
     */
    static Host read(String raw) {
        if (raw.isEmpty()) {
            throw new RuleViolation("P-2", "the host is empty");
        }
        if (raw.charAt(0) == '[') {
            return readIpv6(raw);
        }
        StringBuilder ascii = new StringBuilder(raw.length());
        int labelStart = 0;
        for (int i = 0; i <= raw.length(); i++) {
            char c = i < raw.length() ? raw.charAt(i) : '.';
            if (c == '.' || i == raw.length()) {
                String label = raw.substring(labelStart, i);
                if (!(i == raw.length() && label.isEmpty() && labelStart > 0)) { // one trailing dot is fine
                    ascii.append(ascii.length() == 0 ? "" : ".").append(label(label, raw));
                }
                labelStart = i + 1;
            } else {
                refuseCharacter(c, raw);
            }
        }
        String name = ascii.toString();
        if (name.length() > MAX_HOST) {
            throw new RuleViolation("P-2", "the host '" + raw + "' is longer than " + MAX_HOST + " characters");
        }
        int last = name.lastIndexOf('.') + 1;
        if (endsInNumber(name, last)) {
            InetAddress v4 = readIpv4(name, raw);
            return new Host(v4.getHostAddress(), v4);
        }
        return new Host(name, null);
    }

    /** Whether a host name is this device by name (P-11): {@code localhost} and {@code *.localhost}. */
    static boolean isLocalhostName(String name) {
        return isLocalhostName(name, 0, name.length());
    }

    /** {@link #isLocalhostName(String)} for the region {@code s[from, to)}, in any ASCII case. */
    static boolean isLocalhostName(String s, int from, int to) {
        return regionEqualsLower(s, from, to, "localhost")
                || (to - from > 10 && regionEqualsLower(s, to - 10, to, ".localhost"));
    }

    /** Whether {@code s[from, to)} equals {@code lower} (lower case) when read in ASCII lower case. */
    static boolean regionEqualsLower(String s, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = s.charAt(from + i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void refuseCharacter(char c, String raw) {
        switch (c) {
            case '\u3002', '\uff0e', '\uff61' -> throw new RuleViolation("P-2", "the host '" + raw
                    + "' holds an ideographic or full-width dot (U+" + hex(c) + "); write labels apart with '.'");
            case '%' -> throw new RuleViolation("P-2", "the host '" + raw + "' holds '%': a percent-encoded host"
                    + " is never decoded into an allowed one");
            case ':', '/', '\\', '@', '[', ']', '?', '#', '<', '>', '^', '|', ' ' -> throw new RuleViolation("P-2",
                    "the host '" + raw + "' holds '" + c + "', which no host name may hold");
            default -> {
            }
        }
    }

    private static String label(String label, String raw) {
        if (label.isEmpty()) {
            throw new RuleViolation("P-2", "the host '" + raw + "' has an empty label");
        }
        String lower = asciiLower(label);
        String ascii = isAscii(lower) ? lower : idna(lower, raw);
        if (ascii.length() > MAX_LABEL) {
            throw new RuleViolation("P-2", "the host '" + raw + "' has a label longer than " + MAX_LABEL + " characters");
        }
        if (ascii.charAt(0) == '-' || ascii.charAt(ascii.length() - 1) == '-') {
            throw new RuleViolation("P-2", "the host '" + raw + "' has label '" + label
                    + "', which starts or ends with '-'");
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw new RuleViolation("P-2", "the host '" + raw + "' holds '" + c + "' (U+" + hex(c)
                        + "); a host name holds letters, digits, '-' and '_'");
            }
        }
        return ascii;
    }

    /**
     * IDNA2008 without the UTS-46 mapping step: {@link IDN#toASCII} applies IDNA2003 nameprep
     * (which maps full-width letters, {@code ſ}, zero-width and soft-hyphen characters to something
     * else), so a label is accepted only when converting back gives exactly the label written:
     * what needed mapping to match is refused.
     */
    private static String idna(String label, String raw) {
        label.codePoints().forEach(cp -> {
            if (!idna2008Letter(cp)) {
                throw new RuleViolation("P-2", "the host '" + raw + "' holds U+" + hex(cp) + " ('"
                        + Character.toString(cp) + "'), which IDNA2008 does not allow in a domain name");
            }
        });
        String ascii;
        try {
            ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new RuleViolation("P-2", "the host '" + raw + "' has label '" + label
                    + "', which is not a valid international domain name (" + e.getMessage() + ")");
        }
        if (ascii.isEmpty() || !IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES).equals(label)) {
            throw new RuleViolation("P-2", "the host '" + raw + "' has label '" + label + "', which matches a"
                    + " domain only after mapping (full-width, upper-case or invisible characters); hosts are"
                    + " never mapped into an allowed one, write the label in its plain form");
        }
        return ascii;
    }

    /** Roughly IDNA2008's PVALID: lower-case and other letters, combining marks, digits, '-'; never upper case or symbols. */
    private static boolean idna2008Letter(int cp) {
        return switch (Character.getType(cp)) {
            case Character.LOWERCASE_LETTER, Character.OTHER_LETTER, Character.MODIFIER_LETTER,
                    Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER -> true;
            default -> cp == '-' || cp == '_';
        };
    }

    /** WHATWG "ends in a number": the last label is all digits, or {@code 0x} and hex digits. */
    private static boolean endsInNumber(String name, int lastLabel) {
        if (lastLabel >= name.length()) {
            return false;
        }
        boolean digits = true;
        for (int i = lastLabel; i < name.length(); i++) {
            char c = name.charAt(i);
            digits &= c >= '0' && c <= '9';
        }
        return digits || (name.startsWith("0x", lastLabel) && isHex(name, lastLabel + 2, name.length()));
    }

    /** An IPv4 host read as WHATWG does: one to four parts, each decimal, {@code 0x} hex or {@code 0} octal. */
    private static InetAddress readIpv4(String name, String raw) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 4) {
            throw malformedIpv4(raw, "more than four parts");
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = ipv4Part(parts[i], raw);
            boolean last = i == parts.length - 1;
            long limit = last ? 1L << (8 * (5 - parts.length)) : 256;
            if (part >= limit) {
                throw malformedIpv4(raw, "part '" + parts[i] + "' is too large (addresses never wrap)");
            }
            value = last ? (value << (8 * (5 - parts.length))) + part : (value << 8) + part;
        }
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }

    private static long ipv4Part(String part, String raw) {
        int radix = 10;
        int start = 0;
        if (part.startsWith("0x")) {
            radix = 16;
            start = 2;
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            start = 1;
        }
        if (part.isEmpty()) {
            throw malformedIpv4(raw, "an empty part");
        }
        long v = 0;
        for (int i = start; i < part.length(); i++) {
            int d = Character.digit(part.charAt(i), radix);
            if (d < 0) {
                throw malformedIpv4(raw, "part '" + part + "' is not a number");
            }
            v = v * radix + d;
            if (v > 0xFFFF_FFFFL) {
                throw malformedIpv4(raw, "part '" + part + "' is too large (addresses never wrap)");
            }
        }
        return v;
    }

    private static RuleViolation malformedIpv4(String raw, String why) {
        return new RuleViolation("P-2", "the host '" + raw + "' reads as an IPv4 address but is malformed: " + why);
    }

    private static Host readIpv6(String raw) {
        InetAddress a = raw.length() > 2 && raw.endsWith("]") ? IpLiteral.parse(raw) : null;
        if (a == null) {
            throw new RuleViolation("P-2", "the host '" + raw + "' is not a valid IPv6 address in brackets");
        }
        // the JDK reads [::ffff:a.b.c.d] as the IPv4 address it maps, as the rule wants
        return new Host(a instanceof Inet4Address ? a.getHostAddress() : IpLiteral.canonical(a), a);
    }

    static String asciiLower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int k = i; k < chars.length; k++) {
                    if (chars[k] >= 'A' && chars[k] <= 'Z') {
                        chars[k] += 32;
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    static String hex(int c) {
        return String.format("%04X", c);
    }
}
