package io.mpnet.policy;

/** A byte bound an option sets, such as a socket's buffer or message limit (E-3). */
public final class ByteBounds {

    private ByteBounds() {
    }

    /**
     * {@code value} of option {@code field} must be at least one byte; checked when the call runs and,
     * for a builder, when the option is set.
     *
     * @throws MpNetException (E-3, parameter error) naming the field, the value and the default
     */
    public static void requirePositive(ApiKind api, String field, long value, long defaultValue) {
        if (value < 1) {
            throw new MpNetException(api, FailReason.INVALID_PARAMETER, "E-3", field + " " + value
                    + " is not allowed; give a positive number of bytes, or leave the default of " + defaultValue);
        }
    }
}
