package io.mpnet.runtime.compat;

import io.mpnet.runtime.RuntimeFiles;
import io.mpnet.runtime.internal.transfer.Storage;
import io.mpnet.runtime.internal.transfer.TransferFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * D-6: the platform's virtual file paths over one runtime's storage directory, and the checks that
 * keep the callback layer's files inside it, in one place:
 *
 * <pre>
 * wxfile://tmp_&lt;name&gt;     &lt;storage&gt;/tmp-&lt;runtime&gt;/tmp_&lt;name&gt;   this runtime's temp files (D-4)
 * wxfile://store_&lt;name&gt;   &lt;storage&gt;/saved/store_&lt;name&gt;         saved files (D-4)
 * wxfile://usr/&lt;path&gt;     &lt;storage&gt;/usr/&lt;path&gt;                wx.env.USER_DATA_PATH
 * </pre>
 *
 * Every check reads the file system but never writes it, and runs before the call does any I/O,
 * so a refused path opens no connection, takes no slot and leaves the disk as it was. What is
 * refused: anything but {@code wxfile://} (absolute paths, relative paths, {@code file://} and other
 * schemes), a {@code ..} segment, a backslash or control character, a name outside the three
 * places, and a symbolic link (or a linked directory on the way) that leads out of its place.
 */
final class VirtualPaths {

    static final String SCHEME = "wxfile://";
    static final String USER_DATA_PATH = SCHEME + "usr";

    private static final String PLACES = "a tempFilePath (wxfile://tmp_...), a savedFilePath (wxfile://store_...)"
            + " or a path under wx.env.USER_DATA_PATH (" + USER_DATA_PATH + "/...)";
    private static final Pattern SCHEME_PREFIX = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^([A-Za-z]:)?[\\\\/].*|^[A-Za-z]:$");

    /** A path the callback layer refuses: the rule and an explanation naming the field, the value and the fix. */
    static final class Refusal extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String rule;

        Refusal(String rule, String explanation) {
            super(explanation, null, false, false); // an answer to bad input, not a fault: no stack trace
            this.rule = rule;
        }

        String rule() {
            return rule;
        }
    }

    private enum Place { TMP, STORE, USR }

    private record Resolved(Place place, Path real) {
    }

    private final RuntimeFiles files;

    VirtualPaths(RuntimeFiles files) {
        this.files = files;
    }

    /**
     * U-1, D-6: the real file behind an upload's {@code filePath}: an existing regular file in one of
     * the three places, reached without leaving it.
     */
    Path source(String field, @Nullable Object value) {
        String v = text(field, value, "U-1", "give the path of the file to upload, such as a downloadFile's tempFilePath");
        Resolved r = resolve(field, v);
        Path real = r.real();
        refuseIf("U-1", TransferFiles.absent(field, v, real, ", such as a downloadFile's tempFilePath or a file under "
                + USER_DATA_PATH, LinkOption.NOFOLLOW_LINKS));
        staysInside(field, v, r);
        refuseIf("U-1", TransferFiles.unreadable(field, v, real, "of this mini program"));
        return real;
    }

    /**
     * D-1, D-6: where a download (or a {@code saveFile} that names a {@code filePath}) writes: a file
     * under {@code wx.env.USER_DATA_PATH}, in a directory that exists inside it. Makes the user-data
     * directory itself (0700) when absent, once every check has passed: the platform always has it.
     */
    Path target(String api, String field, Object value) {
        String v = text(field, value, "D-6", "give a path under " + USER_DATA_PATH);
        Resolved r = resolve(field, v);
        Path usr = files.userDirectory();
        if (r.place() != Place.USR) {
            throw new Refusal("D-6", field + " '" + v + "' is refused (D-6): " + api + " writes only under"
                    + " wx.env.USER_DATA_PATH; give a path such as " + USER_DATA_PATH + "/a.bin");
        }
        Path real = r.real();
        if (real.equals(usr)) {
            throw new Refusal("D-1", field + " '" + v + "' is the user-data directory itself; give a file name"
                    + " under it, such as " + USER_DATA_PATH + "/a.bin");
        }
        Path dir = real.getParent();
        if (Files.isDirectory(dir)) {
            staysInside(field, v, new Resolved(Place.USR, dir));
        }
        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            staysInside(field, v, r);
        }
        refuseIf("D-1", TransferFiles.unwritable(field, v, real, usr, virtual(dir),
                "give a path in an existing directory, such as " + USER_DATA_PATH + "/a.bin", false));
        try {
            Storage.directory(usr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the user-data directory " + usr + ": " + e, e);
        }
        return real;
    }

    /** D-4, D-6: the real file behind {@code saveFile}'s {@code tempFilePath}: a temp file of this runtime, not saved yet. */
    Path temp(String field, @Nullable Object value) {
        String v = text(field, value, "D-4", "give the tempFilePath of a downloadFile");
        Resolved r = resolve(field, v);
        if (r.place() != Place.TMP) {
            throw new Refusal("D-4", field + " '" + v + "' is not a temp file, and only temp files can be saved;"
                    + " give a downloadFile's tempFilePath (wxfile://tmp_...)");
        }
        if (!files.isTemp(r.real())) {
            throw new Refusal("D-4", field + " '" + v + "' is not a temp file of this runtime any more (saved"
                    + " already, or never made here); give the tempFilePath of a download that was not saved yet");
        }
        return r.real();
    }

    /** The virtual path of {@code real}, a file in one of the three places (what this runtime made). */
    String virtual(Path real) {
        Path n = real.toAbsolutePath().normalize();
        Path parent = n.getParent();
        if (parent != null && (parent.equals(files.tempDirectory()) || parent.equals(files.savedDirectory()))) {
            return SCHEME + n.getFileName();
        }
        Path usr = files.userDirectory();
        if (n.equals(usr)) {
            return USER_DATA_PATH;
        }
        if (n.startsWith(usr)) {
            StringBuilder b = new StringBuilder(USER_DATA_PATH);
            usr.relativize(n).forEach(segment -> b.append('/').append(segment));
            return b.toString();
        }
        throw new IllegalStateException(real + " is outside this runtime's sandbox " + files.root());
    }

    /** The virtual path {@code v} as a real path, by its text alone; refuses what cannot lie inside (D-6). */
    private Resolved resolve(String field, String v) {
        try {
            return read(field, v);
        } catch (InvalidPathException e) {
            throw refusal(field, v, "this file system cannot name it (" + e.getReason() + ")");
        }
    }

    private Resolved read(String field, String v) {
        if (!v.startsWith(SCHEME)) {
            String what = WINDOWS_ABSOLUTE.matcher(v).matches() ? "an absolute path"
                    : SCHEME_PREFIX.matcher(v).find() ? "scheme '" + v.substring(0, v.indexOf(':')) + "'"
                    : "a relative path";
            throw refusal(field, v, what + " reaches outside this mini program's files");
        }
        String rest = v.substring(SCHEME.length());
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw refusal(field, v, "it holds a backslash or a control character (index " + (SCHEME.length() + i) + ")");
            }
        }
        String[] segments = rest.split("/", -1);
        String first = segments[0];
        if (first.equals("usr")) {
            Path usr = files.userDirectory();
            Path real = usr;
            for (int i = 1; i < segments.length; i++) {
                String s = segments[i];
                if (s.equals("..")) {
                    throw refusal(field, v, "'..' may lead out of the user-data directory");
                }
                if (!s.isEmpty() && !s.equals(".")) {
                    real = real.resolve(s);
                }
            }
            // the text held no '..', so this only catches what a file system reads specially (a drive, say)
            if (!real.normalize().startsWith(usr)) {
                throw refusal(field, v, "it leads out of the user-data directory");
            }
            return new Resolved(Place.USR, real.normalize());
        }
        if (segments.length == 1 && first.startsWith("tmp_") && first.length() > 4) {
            return new Resolved(Place.TMP, files.tempDirectory().resolve(first));
        }
        if (segments.length == 1 && first.startsWith("store_") && first.length() > 6) {
            return new Resolved(Place.STORE, files.savedDirectory().resolve(first));
        }
        throw refusal(field, v, "it names none of this mini program's places");
    }

    /** D-6: {@code r} exists; following every link on the way, it must still lie in its place. */
    private void staysInside(String field, String v, Resolved r) {
        Path place = switch (r.place()) {
            case TMP -> files.tempDirectory();
            case STORE -> files.savedDirectory();
            case USR -> files.userDirectory();
        };
        Path real;
        Path inside;
        try {
            real = r.real().toRealPath();
            // the place itself may sit behind a link the host chose (macOS /tmp -> /private/tmp); a link
            // in its stead, put there by someone else, is caught because only the root is followed
            inside = files.root().toRealPath().resolve(files.root().relativize(place));
        } catch (IOException e) {
            // a dangling link, or one that loops: it leads nowhere inside
            throw refusal(field, v, "it is a symbolic link that leads nowhere (" + e.getClass().getSimpleName() + ")");
        }
        if (!real.startsWith(inside)) {
            throw refusal(field, v, "a symbolic link on the way leads out of this mini program's files");
        }
    }

    private static String text(String field, @Nullable Object value, String rule, String fix) {
        if (value == null || value.toString().isEmpty()) {
            throw new Refusal(rule, field + " is missing; " + fix);
        }
        return value.toString();
    }

    private static void refuseIf(String rule, @Nullable String problem) {
        if (problem != null) {
            throw new Refusal(rule, problem);
        }
    }

    private static Refusal refusal(String field, String v, String why) {
        return new Refusal("D-6", field + " '" + v + "' is refused (D-6): " + why + "; give " + PLACES);
    }
}
