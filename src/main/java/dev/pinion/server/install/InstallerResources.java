package dev.pinion.server.install;

import dev.pinion.config.DockerConfig;
import dev.pinion.panel.ServerSettings;

/**
 * The build an installer runs with (spec server-lifecycle-docker.md §5.4): the larger of the
 * server's memory and {@code docker.installer_limits.memory} — so an unlimited server gets the
 * installer limit — and for CPU the installer's value when it is unlimited or above a limited
 * server's, else the server's. Everything else is the server's.
 */
final class InstallerResources {
    private InstallerResources() {}

    static ServerSettings.Build of(ServerSettings.Build server, DockerConfig.InstallerLimits installer) {
        long memory = Math.max(server.memoryLimit(), installer.memory());
        long cpu;
        if (installer.cpu() == 0) {
            cpu = 0;
        } else if (server.cpuLimit() != 0 && server.cpuLimit() < installer.cpu()) {
            cpu = installer.cpu();
        } else {
            cpu = server.cpuLimit();
        }
        return new ServerSettings.Build(
                memory,
                server.swap(),
                server.ioWeight(),
                cpu,
                server.threads(),
                server.diskSpace(),
                server.oomDisabled());
    }
}
