package dev.pinion.server;

import dev.pinion.panel.InstallStatusReport;
import dev.pinion.panel.PanelClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Until the install-script runner lands (its own issue), installs behave as Wings does for an egg
 * with {@code skip_egg_scripts}: nothing runs and the Panel is told the install succeeded, so a
 * new server leaves the Panel's "installing" state.
 */
public final class SkipScriptInstaller implements ServerInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SkipScriptInstaller.class);

    private final PanelClient panel;

    public SkipScriptInstaller(PanelClient panel) {
        this.panel = panel;
    }

    @Override
    public void install(ManagedServer server, boolean reinstall) {
        try {
            panel.setInstallationStatus(server.uuid(), new InstallStatusReport(true, reinstall));
        } catch (RuntimeException e) {
            LOG.error("server {}: could not report the install to the Panel: {}", server.uuid(), e.getMessage());
        }
    }
}
