package dev.pinion.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test (and its {@code @BeforeEach}) the same fresh {@link ServerFixture}, built in a
 * temporary directory that is removed after the test: the set-up every filesystem test shares.
 */
final class ServerFixtureExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ServerFixtureExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServerFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("fixture", key -> new Created(), Created.class).fixture;
    }

    /** The fixture and its directory, deleted when the test's store closes. */
    private static final class Created implements ExtensionContext.Store.CloseableResource {
        final Path base;
        final ServerFixture fixture;

        Created() {
            try {
                base = Files.createTempDirectory("server-fixture");
                fixture = new ServerFixture(base);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            OwnedDirectories.deleteTree(base);
        }
    }
}
