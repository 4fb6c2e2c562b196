package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A server's {@code process_configuration}: when it is up, how to stop it, which files to rewrite (spec A4). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessConfiguration(
        @JsonProperty("startup") Startup startup,
        @JsonProperty("stop") Stop stop,
        @JsonProperty("configs") List<ConfigurationFile> configs) {

    public ProcessConfiguration {
        startup = startup == null ? new Startup(List.of(), List.of(), false) : startup;
        stop = stop == null ? new Stop("", "") : stop;
        configs = configs == null ? List.of() : List.copyOf(configs);
    }

    /**
     * {@code startup}: console lines marking the server as running ({@code regex:} prefix = regular
     * expression, else substring), unused user interaction, and whether to strip ANSI before matching.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Startup(
            @JsonProperty("done") List<String> done,
            @JsonProperty("user_interaction") List<String> userInteraction,
            @JsonProperty("strip_ansi") boolean stripAnsi) {
        public Startup {
            done = done == null ? List.of() : List.copyOf(done);
            userInteraction = userInteraction == null ? List.of() : List.copyOf(userInteraction);
        }
    }

    /** {@code stop}: type {@code command} | {@code signal} | {@code stop} | empty, and its value. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stop(
            @JsonProperty("type") String type,
            @JsonProperty("value") String value) {
        public static final String COMMAND = "command";
        public static final String SIGNAL = "signal";
        public static final String NATIVE_STOP = "stop";

        public Stop {
            type = type == null ? "" : type;
            value = value == null ? "" : value;
        }
    }
}
