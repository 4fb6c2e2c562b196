package dev.pinion.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.panel.BackupStatusReport;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelClientSettings;
import dev.pinion.panel.PanelCredentials;
import dev.pinion.panel.PanelJson;
import dev.pinion.panel.RetryClock;
import dev.pinion.panel.RetryPolicy;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup callback is never lost to a Panel that is away (spec §5.3, A9.2; issue #11: Wings deletes
 * the archive instead, panel#5183): a real HTTP Panel goes down and comes back on the same port.
 * PanelClient's own retries run on a clock that does not wait; the reporter's later attempts are 50 ms apart.
 */
class BackupReporterTest {
    private static final BackupStatusReport DONE = BackupStatusReport.localSuccess("a".repeat(40), 1234);

    @TempDir
    Path pending;

    private FakePanel panel;
    private String server;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void start() {
        panel = FakePanel.start();
        server = panel.addServer(GameServers.server());
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        panel.close();
    }

    private BackupReporter reporter(ScheduledExecutorService on) {
        AtomicLong now = new AtomicLong();
        RetryClock instant = new RetryClock() {
            @Override
            public long nanoTime() {
                return now.get();
            }

            @Override
            public void sleep(Duration duration) {
                now.addAndGet(duration.toNanos());
            }
        };
        PanelClientSettings settings = new PanelClientSettings(panel.url(), Duration.ofSeconds(2), 50);
        PanelClient client = new PanelClient(
                settings,
                () -> new PanelCredentials(panel.tokenId(), panel.token()),
                "test",
                PanelClient.defaultHttpClient(settings),
                PanelJson.newMapper(),
                RetryPolicy.WINGS.withMaxElapsedTime(Duration.ofSeconds(2)),
                instant);
        return new BackupReporter(
                client, pending, PanelJson.newMapper(), on, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void aPanelThatIsDownGetsTheReportWhenItComesBack() {
        String backup = UUID.randomUUID().toString();
        panel.addBackup(backup, server).goDown();
        BackupReporter reporter = reporter(scheduler);

        assertThat(reporter.report(backup, DONE)).isFalse();
        assertThat(reporter.isPending(backup)).isTrue();
        panel.comeUp();

        panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup), Duration.ofSeconds(20));
        assertThat(panel.backupReport(backup).path("checksum").asText()).isEqualTo("a".repeat(40));
        assertThat(panel.backupReport(backup).path("size").asLong()).isEqualTo(1234);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !reporter.isPending(backup));
    }

    @Test
    void aReportQueuedBeforeARestartIsDeliveredByTheNextRun() {
        String backup = UUID.randomUUID().toString();
        panel.addBackup(backup, server).goDown();
        ScheduledExecutorService firstRun = Executors.newSingleThreadScheduledExecutor();
        assertThat(reporter(firstRun).report(backup, DONE)).isFalse();
        firstRun.shutdownNow();

        panel.comeUp();
        BackupReporter nextRun = reporter(scheduler);
        nextRun.resumePending();

        panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup), Duration.ofSeconds(20));
        assertThat(panel.backupReport(backup).path("successful").asBoolean()).isTrue();
    }

    @Test
    void aClientErrorIsFinalAndNotSentAgain() {
        String unknown = UUID.randomUUID().toString();
        BackupReporter reporter = reporter(scheduler);

        assertThat(reporter.report(unknown, DONE)).isFalse();

        assertThat(reporter.isPending(unknown)).isFalse();
        assertThat(panel.requests(FakePanel.call("POST", "/backups/" + unknown)))
                .hasSize(1);
    }

    // spec §5.5 step 5: POST /backups/{uuid}/restore {"successful":…}, queued like the backup callback
    @Test
    void aRestoreReportQueuedBeforeARestartIsDeliveredByTheNextRun() {
        String backup = UUID.randomUUID().toString();
        panel.addBackup(backup, server).goDown();
        ScheduledExecutorService firstRun = Executors.newSingleThreadScheduledExecutor();
        BackupReporter first = reporter(firstRun);
        first.restoreStarting(backup);
        assertThat(first.reportRestore(backup, true)).isFalse();
        assertThat(first.isRestorePending(backup)).isTrue();
        assertThat(first.isPending(backup))
                .as("a restore report is not a backup report")
                .isFalse();
        firstRun.shutdownNow();

        panel.comeUp();
        BackupReporter nextRun = reporter(scheduler);
        nextRun.resumePending();

        panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup + "/restore"), Duration.ofSeconds(20));
        assertThat(panel.restoreReport(backup)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !nextRun.isRestorePending(backup));
        assertThat(panel.requests(FakePanel.call("POST", "/backups/" + backup))).isEmpty();
    }

    @Test
    void aRestoreThatNeverEndedIsReportedFailedByTheNextRun() {
        String backup = UUID.randomUUID().toString();
        panel.addBackup(backup, server);
        ScheduledExecutorService firstRun = Executors.newSingleThreadScheduledExecutor();
        reporter(firstRun).restoreStarting(backup);
        firstRun.shutdownNow();
        assertThat(panel.requests(FakePanel.call("POST", "/backups/" + backup + "/restore")))
                .as("nothing is sent while the restore runs")
                .isEmpty();

        reporter(scheduler).resumePending();

        panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup + "/restore"), Duration.ofSeconds(20));
        assertThat(panel.restoreReport(backup)).isFalse();
    }

    @Test
    void aRestoreRefusedBeforeItBeganLeavesNothingToReport() throws Exception {
        String backup = UUID.randomUUID().toString();
        BackupReporter reporter = reporter(scheduler);
        reporter.restoreStarting(backup);
        reporter.restoreNotStarted(backup);

        assertThat(reporter.isRestorePending(backup)).isFalse();
        try (var left = Files.list(pending)) {
            assertThat(left).as("nothing for the next start to send").isEmpty();
        }
    }
}
