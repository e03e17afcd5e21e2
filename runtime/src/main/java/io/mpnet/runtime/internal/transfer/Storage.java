package io.mpnet.runtime.internal.transfer;

import io.mpnet.runtime.RuntimeFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * D-4, D-6: the files of one runtime under its storage directory, in three places. Temp files ({@code tmp_...}) live in
 * a directory of this runtime alone, deleted with everything in it on {@link #close()};
 * {@link #save} moves one into {@code saved/}, which outlives the runtime; {@code usr/} is the
 * callback layer's {@code wx.env.USER_DATA_PATH} (D-6), which outlives it too. Files are created
 * owner-only (0600, directories 0700) where the file system has POSIX permissions (D-6).
 * Directories are made on first use, so a runtime that never downloads touches no disk.
 */
public final class Storage implements RuntimeFiles, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Path tmp;
    private final Path saved;
    private final Path usr;
    private volatile boolean closed;

    /** The files under {@code root}; nothing is created yet. */
    public Storage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp-" + random(8));
        this.saved = this.root.resolve("saved");
        this.usr = this.root.resolve("usr");
    }

    /** The storage directory. */
    @Override
    public Path root() {
        return root;
    }

    /** This runtime's temp directory, holding the {@code tmp_...} files; it may not exist yet. */
    @Override
    public Path tempDirectory() {
        return tmp;
    }

    /** The directory of saved files ({@code store_...}); it may not exist yet. */
    @Override
    public Path savedDirectory() {
        return saved;
    }

    /** The user-data directory ({@code wx.env.USER_DATA_PATH} of the callback layer, D-6); it may not exist yet. */
    @Override
    public Path userDirectory() {
        return usr;
    }

    /** A new empty temp file ending in {@code extension} (e.g. {@code .png}, or empty), owner-only. */
    public Path create(String extension) throws IOException {
        if (closed) {
            throw new IOException("the runtime is closed: its temp directory " + tmp + " is gone");
        }
        directory(tmp);
        while (true) {
            Path p = tmp.resolve("tmp_" + random(12) + extension);
            try {
                return createOwnerOnly(p);
            } catch (FileAlreadyExistsException e) {
                // 96 random bits make this all but impossible; draw again
            }
        }
    }

    /** A sibling of {@code target} to write into before moving it there, so a failed download never touches {@code target}. */
    public static Path partFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + random(6) + ".part");
    }

    /** Whether {@code p} is a temp file of this runtime that still exists. */
    @Override
    public boolean isTemp(Path p) {
        Path n = p.toAbsolutePath().normalize();
        return n.getParent() != null && n.getParent().equals(tmp) && Files.isRegularFile(n, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * D-4: moves the temp file {@code tempFilePath} to persistent storage and returns its new path.
     *
     * @throws IllegalArgumentException when it is not an existing temp file of this runtime
     * @throws UncheckedIOException when the move fails
     */
    @Override
    public Path save(Path tempFilePath) {
        if (!isTemp(tempFilePath)) {
            throw new IllegalArgumentException("tempFilePath '" + tempFilePath + "' is not a temp file of this"
                    + " runtime (D-4): only a downloadFile's tempFilePath that was not saved yet can be saved;"
                    + " give the tempFilePath of a DownloadResult");
        }
        try {
            directory(saved);
            String name = tempFilePath.getFileName().toString().replaceFirst("^tmp_", "store_");
            Path target = saved.resolve(name);
            return Files.move(tempFilePath, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("saveFile: cannot move '" + tempFilePath + "' into " + saved + ": " + e, e);
        }
    }

    /**
     * D-4: moves the temp file {@code tempFilePath} to {@code target} (replacing a file there), for a
     * {@code saveFile} that names where; the caller has checked {@code target} (D-6).
     *
     * @throws IllegalArgumentException when it is not an existing temp file of this runtime
     * @throws UncheckedIOException when the move fails
     */
    @Override
    public Path save(Path tempFilePath, Path target) {
        if (!isTemp(tempFilePath)) {
            throw new IllegalArgumentException("tempFilePath '" + tempFilePath + "' is not a temp file of this"
                    + " runtime (D-4); give the tempFilePath of a download that was not saved yet");
        }
        try {
            try {
                return Files.move(tempFilePath, target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                return Files.move(tempFilePath, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("saveFile: cannot move '" + tempFilePath + "' to " + target + ": " + e, e);
        }
    }

    /** Deletes the temp directory and every temp file in it (D-4); saved files stay. */
    @Override
    public void close() {
        closed = true;
        if (!Files.exists(tmp)) {
            return;
        }
        try (Stream<Path> all = Files.walk(tmp)) {
            all.sorted(Comparator.reverseOrder()).forEach(Storage::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the temp files in {}: {}", tmp, e.toString());
        }
    }

    /** Deletes {@code p} if it exists, logging (not throwing) a failure: used on the failure paths. */
    public static void deleteQuietly(@Nullable Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.toString());
        }
    }

    /** Creates the file {@code p}, owner-only where POSIX permissions exist (D-6); fails if it exists. */
    public static Path createOwnerOnly(Path p) throws IOException {
        try {
            return Files.createFile(p, fileAttributes(false));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(p);
        }
    }

    /** Creates {@code dir} and its missing parents, owner-only where POSIX permissions exist (D-6). */
    public static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, fileAttributes(true));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    private static FileAttribute<?>[] fileAttributes(boolean directory) {
        // createDirectories applies the attribute to parents it creates too, which is what D-6 wants
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))};
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
