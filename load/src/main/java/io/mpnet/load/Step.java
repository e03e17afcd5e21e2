package io.mpnet.load;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DataType;
import io.mpnet.runtime.NetworkConditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One step of a {@link Scenario}, as the scenario file writes it: an object with one key naming the
 * step ({@code request}, {@code uploadFile}, {@code downloadFile}, {@code connectSocket},
 * {@code think}, {@code background}, {@code foreground}, {@code network}, {@code loop}, {@code parallel}). Strings may
 * hold {@code ${var}}: a scenario variable, a value taken from an earlier response, or the built-in
 * {@code ${program}} (the program's index in the whole run) and {@code ${iteration}}.
 */
public sealed interface Step {

    /**
     * A step that makes one call and is measured: its name keys its histograms, so steps of the
     * same name share them.
     */
    sealed interface Call extends Step {
        /** The name of the step in reports. */
        String name();

        /** The URL it calls, with {@code ${var}}s. */
        String url();

        /** The API it calls, whose domain list judges its URL. */
        default ApiKind api() {
            return this instanceof Request ? ApiKind.REQUEST : this instanceof Upload ? ApiKind.UPLOAD_FILE
                    : this instanceof Download ? ApiKind.DOWNLOAD_FILE : ApiKind.CONNECT_SOCKET;
        }
    }

    /**
     * {@code wx.request}.
     *
     * @param name the step's name in reports; default the method and the URL's path
     * @param method the method; {@code null} means GET
     * @param url the URL, with {@code ${var}}s
     * @param header request headers, values with {@code ${var}}s
     * @param data the payload: a string, or a JSON object or array whose strings may hold {@code ${var}}s
     * @param expectStatus the status a success must have; {@code null} accepts any
     * @param extract variables to take from the JSON response: name to JSON Pointer into {@code data}
     * @param timeout the call's timeout (T-1); {@code null} takes the config's
     * @param dataType {@code json} (default) parses a JSON body; any other value leaves it text
     */
    record Request(String name, @Nullable String method, String url, Map<String, String> header,
            @Nullable Object data, @Nullable Integer expectStatus, Map<String, String> extract,
            @Nullable Duration timeout, DataType dataType) implements Call {
        public Request {
            header = Map.copyOf(header);
            extract = Map.copyOf(extract);
        }
    }

    /**
     * {@code wx.uploadFile} of one file.
     *
     * @param name the step's name in reports
     * @param url the URL, with {@code ${var}}s
     * @param file the file to send (relative paths are read beside the scenario file)
     * @param field the name of the file part
     * @param formData extra form fields, values with {@code ${var}}s
     * @param header request headers, values with {@code ${var}}s
     * @param expectStatus the status a success must have; {@code null} accepts any
     */
    record Upload(String name, String url, Path file, String field, Map<String, String> formData,
            Map<String, String> header, @Nullable Integer expectStatus) implements Call {
        public Upload {
            formData = Map.copyOf(formData);
            header = Map.copyOf(header);
        }
    }

    /**
     * {@code wx.downloadFile}; the file is deleted when the program ends.
     *
     * @param name the step's name in reports
     * @param url the URL, with {@code ${var}}s
     * @param header request headers, values with {@code ${var}}s
     * @param expectStatus the status a success must have; {@code null} accepts any
     */
    record Download(String name, String url, Map<String, String> header, @Nullable Integer expectStatus)
            implements Call {
        public Download {
            header = Map.copyOf(header);
        }
    }

    /**
     * {@code wx.connectSocket}: open, send each message, await {@code await} messages, close with 1000.
     * Measured from the connect to the last awaited message.
     *
     * @param name the step's name in reports
     * @param url the URL, with {@code ${var}}s
     * @param send text messages to send once open, with {@code ${var}}s
     * @param await how many messages to wait for before closing
     * @param timeout the longest the whole step may take; {@code null}: the config's connectSocket timeout
     */
    record Socket(String name, String url, List<String> send, int await, @Nullable Duration timeout)
            implements Call {
        public Socket {
            send = List.copyOf(send);
        }
    }

    /**
     * A pause on the runtime clock: fixed, uniform between {@code min} and {@code max}, or exponential
     * with mean {@code mean}, drawn from the program's seeded randomness.
     *
     * @param distribution how the pause is drawn
     * @param min the fixed pause, or the uniform's lower bound, or the exponential's mean
     * @param max the uniform's upper bound; equal to {@code min} otherwise
     */
    record Think(Distribution distribution, Duration min, Duration max) implements Step {
        /** How a think time is drawn. */
        public enum Distribution { FIXED, UNIFORM, EXPONENTIAL }
    }

    /** The app moves to the background (B-1): calls in flight get 5 s (B-2), new calls fail at once. */
    record Background() implements Step {
    }

    /** The app is in the foreground again (B-1). */
    record Foreground() implements Step {
    }

    /**
     * The phone moves to other network conditions (N-6), as between Wi-Fi and a weak cellular network:
     * the program's calls from here on follow them; {@code Offline} makes them fail as with no network (N-5).
     *
     * @param conditions the conditions, a preset or custom
     */
    record Network(NetworkConditions conditions) implements Step {
    }

    /**
     * Its steps, {@code times} times in a row.
     *
     * @param times how many times, at least 1
     * @param steps the steps
     */
    record Loop(int times, List<Step> steps) implements Step {
        public Loop {
            steps = List.copyOf(steps);
        }
    }

    /**
     * {@code times} copies of its steps at once, as a page firing several calls together; they share
     * the program's gate of 10 (L-1).
     *
     * @param times how many copies, at least 1
     * @param awaited whether the program waits for them before its next step; if not, the program waits
     *     for them at the end of its iteration
     * @param steps the steps of each copy, in order
     */
    record Parallel(int times, boolean awaited, List<Step> steps) implements Step {
        public Parallel {
            steps = List.copyOf(steps);
        }
    }
}
