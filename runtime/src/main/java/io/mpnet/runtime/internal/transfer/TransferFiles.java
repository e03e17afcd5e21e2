package io.mpnet.runtime.internal.transfer;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * U-1 and D-1: the file checks of uploadFile and downloadFile, in one place for the Java API (real
 * paths, {@code Preparation}) and the callback layer ({@code compat.VirtualPaths}, which first maps
 * and confines its virtual paths, D-6). Each check reads the file system, never writes it, and
 * answers the problem as an explanation naming the field, the value as the caller wrote it and the
 * fix, or {@code null}; the caller turns it into its own failure, so a refused file does no I/O.
 */
public final class TransferFiles {

    private TransferFiles() {
    }

    /**
     * U-1: why {@code file} does not exist (following links unless {@code links} says not to), or {@code null}.
     *
     * @param shown the value as the caller gave it
     * @param examples what ends the fix: where the caller's files are, or {@code ""}
     */
    public static @Nullable String absent(String field, String shown, Path file, String examples, LinkOption... links) {
        return Files.exists(file, links) ? null
                : field + " '" + shown + "' does not exist; give the path of an existing file" + examples;
    }

    /**
     * U-1: why the existing {@code file} cannot be uploaded (a directory, not a readable regular
     * file), or {@code null}.
     *
     * @param whose what makes a file the caller's, ending the fix of an unreadable one
     */
    public static @Nullable String unreadable(String field, String shown, Path file, String whose) {
        if (Files.isDirectory(file)) {
            return field + " '" + shown + "' is a directory; give the path of a file inside it";
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return field + " '" + shown + "' cannot be read; give a regular file " + whose;
        }
        return null;
    }

    /**
     * D-1: why a download cannot be written to {@code file} (a directory, in a directory that does
     * not exist, or, with {@code writable}, one this process may not write), or {@code null}.
     *
     * @param made a directory made on first use, which counts as existing (the callback layer's
     *     user-data directory), or {@code null}
     * @param dirShown how to name {@code file}'s directory in the explanation
     * @param fix what ends the explanation of a missing directory
     */
    public static @Nullable String unwritable(String field, String shown, Path file, @Nullable Path made,
            String dirShown, String fix, boolean writable) {
        if (Files.isDirectory(file)) {
            return field + " '" + shown + "' is a directory; give the path of a file to write";
        }
        Path dir = file.getParent();
        if (dir == null || (!dir.equals(made) && !Files.isDirectory(dir))) {
            return field + " '" + shown + "' is in a directory that does not exist (" + dirShown + "); " + fix;
        }
        if (writable && !Files.isWritable(dir)) {
            return field + " '" + shown + "' is in a directory this process may not write (" + dirShown
                    + "); give a " + field + " in a writable directory";
        }
        return null;
    }
}
