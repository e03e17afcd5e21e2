package io.mpnet.runtime.internal.transfer;

import io.mpnet.runtime.MiniProgramNetwork;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the callback layer ({@code compat}) reaches a runtime's {@link Storage} without a public
 * getter on {@link MiniProgramNetwork}: the runtime installs the lookup in its static initialiser,
 * which has run by the time anyone holds a runtime. Not API.
 */
public final class StorageLookup {

    private static volatile @Nullable Function<MiniProgramNetwork, Storage> lookup;

    private StorageLookup() {
    }

    /** Called once by {@link MiniProgramNetwork}. */
    public static void install(Function<MiniProgramNetwork, Storage> files) {
        lookup = Objects.requireNonNull(files, "files");
    }

    /** The files of {@code net}. */
    public static Storage of(MiniProgramNetwork net) {
        Function<MiniProgramNetwork, Storage> l = lookup;
        if (l == null) {
            throw new IllegalStateException("MiniProgramNetwork has not installed its files lookup");
        }
        return l.apply(net);
    }
}
