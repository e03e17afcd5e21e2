package io.mpnet.runtime.internal.http;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A response body read whole into one array, copied out of each of Netty's buffers as it arrives
 * (Reactor Netty releases each buffer once its {@code onNext} returns). Sized from the declared
 * length when there is one (a decoded compressed body has none, R-6c), so the common small body is
 * one array and no copy; Reactor Netty's {@code aggregate()} would first gather the buffers into a
 * composite, then copy them out.
 */
public final class BodyBytes {

    /** A declared length sizes the array up to this; a larger body grows it as it arrives. */
    private static final int MAX_PRESIZE = 64 * 1024;
    private static final byte[] NONE = new byte[0];

    private final ResponseLimit limit;
    private byte[] bytes;
    private int length;

    /**
     * A body of {@code declaredLength} bytes, or of unknown length when negative, held up to {@code limit}.
     *
     * @throws io.mpnet.policy.MpNetException when the declared length is over the limit
     */
    public BodyBytes(long declaredLength, ResponseLimit limit) {
        limit.declared(declaredLength);
        this.limit = limit;
        this.bytes = declaredLength <= 0 ? NONE : new byte[(int) Math.min(declaredLength, MAX_PRESIZE)];
    }

    /**
     * Copies the readable bytes of {@code chunk} in; the caller keeps ownership of the buffer.
     *
     * @throws io.mpnet.policy.MpNetException when the body read passes the limit, before it is held
     */
    public void add(ByteBuf chunk) {
        int n = chunk.readableBytes();
        limit.read((long) length + n);
        int needed = Math.addExact(length, n); // past 2 GiB request() cannot hold a body; downloadFile can
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, bytes.length * 2L)));
        }
        chunk.getBytes(chunk.readerIndex(), bytes, length, n);
        length = needed;
    }

    /** The body read so far, exactly as long as it is. */
    public byte[] bytes() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
