package dev.pinion.environment.docker;

import static dev.pinion.testing.DockerTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.environment.ConsoleAttachment;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.testing.DockerTestSupport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attach, console output and stdin against a real container (spec server-lifecycle-docker.md §2.5, §2.13 start). */
class DockerConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    // A "game server": greets, echoes every stdin line, and exits 0 on SIGINT/SIGTERM.
    static final String ECHO_SERVER = "sh -c 'trap \"echo bye; exit 0\" INT TERM; echo ready {{P_SERVER_UUID}}; "
            + "while read line; do echo \"got: $line\"; done'";

    private final DockerTestSupport docker = new DockerTestSupport();
    private final DockerRuntime runtime = docker.runtime();

    @AfterEach
    void cleanUp() throws Exception {
        docker.close();
    }

    private String createEchoServer() {
        String name = docker.containerName();
        runtime.create(docker.spec(name, ECHO_SERVER));
        return name;
    }

    @Test
    void attachBeforeStartSeesTheVeryFirstOutputLine() {
        String name = createEchoServer();
        List<String> lines = new CopyOnWriteArrayList<>();

        try (ConsoleAttachment console = runtime.attach(name, lines::add)) {
            runtime.start(name);
            await(WAIT, "the greeting", () -> lines.contains("ready " + name));
            // The entrypoint's own first line (the expanded startup) was not missed.
            assertThat(lines.get(0)).startsWith(":/home/container$ sh -c ");
            assertThat(lines.get(1)).isEqualTo("ready " + name);
        }
    }

    @Test
    void writtenCommandReachesStdinAndItsOutputComesBack() throws IOException {
        String name = createEchoServer();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ConsoleAttachment console = runtime.attach(name, lines::add)) {
            runtime.start(name);
            await(WAIT, "the greeting", () -> lines.contains("ready " + name));

            console.write("say hello world");

            await(WAIT, "the echo", () -> lines.contains("got: say hello world"));
            // The TTY echoes the command itself too, as players see in the Panel.
            assertThat(lines).contains("say hello world");
        }
    }

    @Test
    void attachingLaterDoesNotReplayOldOutput() throws IOException {
        String name = createEchoServer();
        List<String> first = new CopyOnWriteArrayList<>();
        try (ConsoleAttachment console = runtime.attach(name, first::add)) {
            runtime.start(name);
            await(WAIT, "the greeting", () -> first.contains("ready " + name));
        }

        List<String> second = new CopyOnWriteArrayList<>();
        try (ConsoleAttachment console = runtime.attach(name, second::add)) {
            console.write("ping");
            await(WAIT, "the echo", () -> second.contains("got: ping"));
            assertThat(second).doesNotContain("ready " + name);
        }
    }

    @Test
    void endedCompletesAfterTheLastLinesIncludingAnUnterminatedOne() throws Exception {
        String name = docker.containerName();
        runtime.create(docker.spec(name, "sh -c 'echo one; echo; printf unterminated'"));
        List<String> lines = new CopyOnWriteArrayList<>();
        ConsoleAttachment console = runtime.attach(name, lines::add);

        runtime.start(name);

        console.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(lines).endsWith("one", "unterminated");
        assertThat(lines).doesNotContain("");
    }

    @Test
    void linesArriveInOrderOnOneThread() throws Exception {
        String name = docker.containerName();
        runtime.create(docker.spec(name, "sh -c 'i=0; while [ $i -lt 300 ]; do echo line $i; i=$((i+1)); done'"));
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ConsoleAttachment console = runtime.attach(name, line -> {
            lines.add(line);
            threads.add(Thread.currentThread());
        });

        runtime.start(name);

        console.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<String> numbered =
                lines.stream().filter(l -> l.startsWith("line ")).toList();
        assertThat(numbered).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(numbered.get(i)).isEqualTo("line " + i);
        }
        assertThat(threads.stream().distinct()).hasSize(1);
    }

    @Test
    void slowConsumerNeitherStallsTheServerNorMakesTheDaemonBufferWithoutBound() throws Exception {
        DockerRuntime smallBuffer = docker.runtime(DockerRuntime.Options.forHost()
                .withBridgeName(docker.bridgeName())
                .withConsoleBufferChars(2_000));
        String name = docker.containerName();
        smallBuffer.create(docker.spec(
                name, "sh -c 'i=0; while [ $i -lt 20000 ]; do echo flood line $i; i=$((i+1)); done; echo finished'"));
        CountDownLatch stuck = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        DockerConsoleAttachment console = smallBuffer.attach(name, line -> {
            try {
                stuck.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(line);
        });

        smallBuffer.start(name);

        // The consumer has not taken a single line, yet the server ran to its end.
        assertThat(smallBuffer.awaitExit(name, WAIT)).isTrue();
        await(WAIT, "lines to be dropped", () -> console.droppedLines() > 0);
        stuck.countDown();
        console.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(lines.size()).isLessThan(20_000);
        assertThat(lines.size() + console.droppedLines()).isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void closeDetachesWithoutTouchingTheContainer() throws Exception {
        String name = createEchoServer();
        List<String> lines = new CopyOnWriteArrayList<>();
        ConsoleAttachment console = runtime.attach(name, lines::add);
        runtime.start(name);
        await(WAIT, "the greeting", () -> lines.contains("ready " + name));

        console.close();

        console.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(runtime.inspect(name).orElseThrow().running()).isTrue();
        assertThatThrownBy(() -> console.write("late"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not attached");
    }

    @Test
    void writeAfterTheStreamEndedFails() throws Exception {
        String name = docker.containerName();
        runtime.create(docker.spec(name, "echo bye"));
        ConsoleAttachment console = runtime.attach(name, line -> {});
        runtime.start(name);
        console.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThatThrownBy(() -> console.write("anyone?")).isInstanceOf(IOException.class);
    }

    @Test
    void attachingToAMissingContainerFails() {
        assertThatThrownBy(() -> runtime.attach(docker.containerName(), line -> {}))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("attaching");
    }
}
