package dev.pinion;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.guava.GuavaModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.dropwizard.jackson.AnnotationSensitivePropertyNamingStrategy;
import io.dropwizard.jackson.CaffeineModule;
import io.dropwizard.jackson.DiscoverableSubtypeResolver;
import io.dropwizard.jackson.FuzzyEnumModule;
import io.dropwizard.jackson.GuavaExtrasModule;

/**
 * Dropwizard's object mapper ({@code Jackson.newObjectMapper()}) without its Blackbird module. Blackbird
 * generates a lambda class and method-handle forms for every property of every class Jackson binds (the
 * config.yml model, the Panel's records): ~320 classes at idle that stay loaded for the daemon's life. The
 * request hot paths no longer go through Jackson, so the faster property access bought nothing.
 */
final class DaemonObjectMapper {
    private DaemonObjectMapper() {}

    static ObjectMapper create() {
        return new ObjectMapper()
                .registerModule(new GuavaModule())
                .registerModule(new GuavaExtrasModule())
                .registerModule(new CaffeineModule())
                .registerModule(new FuzzyEnumModule())
                .registerModule(new ParameterNamesModule())
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(new AnnotationSensitivePropertyNamingStrategy())
                .setSubtypeResolver(new DiscoverableSubtypeResolver())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
