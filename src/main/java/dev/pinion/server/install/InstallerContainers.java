package dev.pinion.server.install;

import dev.pinion.config.DockerConfig;
import dev.pinion.config.NodeConfig;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.InstallerSpec;
import dev.pinion.panel.InstallationScript;
import dev.pinion.panel.ServerSettings;
import dev.pinion.server.ContainerSpecFactory;
import dev.pinion.server.EnvironmentVariables;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a server's installer container as Wings creates it (spec server-lifecycle-docker.md §5.4). */
final class InstallerContainers {
    static final String SUFFIX = "_installer";
    static final String CONTAINER_TYPE = "server_installer";
    /** Pinion's own label: lets the boot after a daemon restart report the right kind of failure. */
    static final String REINSTALL_LABEL = "dev.pinion.reinstall";

    static final String SCRIPT_MOUNT = "/mnt/install";
    static final String SERVER_MOUNT = "/mnt/server";

    private final ContainerSpecFactory specs;

    InstallerContainers(ContainerSpecFactory specs) {
        this.specs = specs;
    }

    static String name(String uuid) {
        return uuid + SUFFIX;
    }

    /** The installer's environment: the server's, without the SERVER_IP rewrite the server container gets. */
    static List<String> environment(ServerSettings settings, NodeConfig node) {
        return EnvironmentVariables.of(settings, node.system().timezone());
    }

    InstallerSpec build(
            ServerSettings settings,
            NodeConfig node,
            InstallationScript script,
            Path serverRoot,
            Path scriptDirectory,
            boolean reinstall) {
        DockerConfig docker = node.docker();
        var user = node.system().user();
        // Wings sets no user (the image's, root for the installer images) unless Docker is rootless.
        String containerUser = user.rootless().enabled()
                ? user.rootless().containerUid() + ":" + user.rootless().containerGid()
                : "";
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("Service", "Pterodactyl");
        labels.put("ContainerType", CONTAINER_TYPE);
        labels.put(REINSTALL_LABEL, Boolean.toString(reinstall));
        List<ContainerSpec.BindMount> mounts = List.of(
                new ContainerSpec.BindMount(serverRoot.toString(), SERVER_MOUNT, false),
                new ContainerSpec.BindMount(scriptDirectory.toString(), SCRIPT_MOUNT, false));
        return new InstallerSpec(
                name(settings.uuid()),
                "installer",
                containerUser,
                script.containerImage(),
                List.of(script.entrypoint(), SCRIPT_MOUNT + "/" + InstallScriptFile.NAME),
                environment(settings, node),
                labels,
                mounts,
                docker.tmpfsSize(),
                specs.limits(InstallerResources.of(settings.build(), docker.installerLimits()), node),
                docker.network().dns(),
                docker.logConfig().type(),
                docker.logConfig().config(),
                docker.network().networkMode(),
                docker.usernsMode());
    }
}
