package io.mpnet.runtime;

import java.nio.file.Path;

/**
 * Where one runtime keeps its files (D-4, D-6), under the directory given to
 * {@link MiniProgramNetwork.Builder#storage}: this runtime's temp files of downloads (deleted when it
 * closes), the saved files that outlive it, and the user-data directory that {@code compat.Wx}
 * calls {@code wx.env.USER_DATA_PATH}. Directories are made on first use and may not exist yet.
 * A host that lists, serves or cleans a mini program's files finds them here.
 */
public interface RuntimeFiles {

    /** The storage directory, absolute and normalised. */
    Path root();

    /** This runtime's temp directory, holding the {@code tmp_...} files of its downloads (D-4). */
    Path tempDirectory();

    /** The directory of saved files ({@code store_...}), which outlive the runtime (D-4). */
    Path savedDirectory();

    /** The user-data directory ({@code wxfile://usr}, D-6). */
    Path userDirectory();

    /** Whether {@code p} is an existing temp file of this runtime, not yet saved. */
    boolean isTemp(Path p);

    /**
     * D-4: moves the temp file {@code tempFilePath} into {@link #savedDirectory()} and returns its new
     * path ({@code wx.saveFile}). Blocking file I/O.
     *
     * @throws IllegalArgumentException when it is not an existing temp file of this runtime
     * @throws java.io.UncheckedIOException when the move fails
     */
    Path save(Path tempFilePath);

    /**
     * D-4: moves the temp file {@code tempFilePath} to {@code target}, replacing a file there (a
     * {@code saveFile} that names where). The caller has judged {@code target}. Blocking file I/O.
     *
     * @throws IllegalArgumentException when it is not an existing temp file of this runtime
     * @throws java.io.UncheckedIOException when the move fails
     */
    Path save(Path tempFilePath, Path target);
}
