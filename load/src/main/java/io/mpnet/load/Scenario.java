package io.mpnet.load;

import io.mpnet.runtime.NetworkConditions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What each simulated mini program does, read from a scenario file (JSON) with
 * {@link #load(Path)}:
 *
 * <pre>{@code
 * {
 *   "config": "mpnet.json",
 *   "seed": 42,
 *   "variables": { "user": "mei" },
 *   "network": "Slow 4G",
 *   "steps": [
 *     { "request": { "name": "login", "method": "POST", "url": "https://api.example.com/login",
 *                    "data": { "user": "${user}-${program}" }, "expectStatus": 200,
 *                    "extract": { "token": "/token" } } },
 *     { "think": { "uniform": ["1s", "3s"] } },
 *     { "request": { "url": "https://api.example.com/feed", "header": { "Authorization": "Bearer ${token}" } } }
 *   ]
 * }
 * }</pre>
 *
 * @param source the file it was read from, as errors name it
 * @param config the {@code mpnet.json} every program runs under, resolved beside the scenario file;
 *     {@code null} when the file names none (the caller gives one)
 * @param seed the run's seed: program {@code i} draws its think times from a generator seeded by it and {@code i}
 * @param variables the scenario's variables, for {@code ${var}}
 * @param steps the steps, run in order by each program
 * @param network the network conditions every program starts with (N-6): a preset by name, or
 *     {@code {"latencyMs": 100, "downloadKbps": 1600, "uploadKbps": 750}}; {@link NetworkConditions#NONE}
 *     when the file gives none
 */
public record Scenario(String source, @Nullable Path config, long seed, Map<String, String> variables,
        List<Step> steps, NetworkConditions network) {

    public Scenario {
        variables = Map.copyOf(variables);
        steps = List.copyOf(steps);
        Objects.requireNonNull(network, "network");
    }

    /**
     * Reads and checks a scenario file.
     *
     * @throws ScenarioException naming every problem: file, field, value, rule and fix
     */
    public static Scenario load(Path file) {
        return ScenarioReader.read(file);
    }

    /**
     * Reads and checks a scenario from JSON text; relative paths resolve in {@code folder}.
     *
     * @throws ScenarioException naming every problem, with {@code source} as the file
     */
    public static Scenario parse(String json, String source, Path folder) {
        return ScenarioReader.read(json, source, folder);
    }
}
