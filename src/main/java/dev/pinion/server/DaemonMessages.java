package dev.pinion.server;

/**
 * Console lines from the daemon itself, in Wings' exact form:
 * ESC[33mESC[1m[&lt;app_name&gt; Daemon]:ESC[39m &lt;text&gt;ESC[0m.
 */
public final class DaemonMessages {
    public static final String PULL_STARTED =
            "Pulling Docker container image, this could take a few minutes to complete...";
    public static final String PULL_FINISHED = "Finished pulling Docker container image";
    public static final String THROTTLED = "Server is outputting console data too quickly -- throttling...";
    public static final String CHECKING_DISK = "Checking server disk space usage, this could take a few seconds...";
    public static final String UPDATING_CONFIGS = "Updating process configuration files...";
    public static final String CHECKING_PERMISSIONS =
            "Ensuring file permissions are set correctly, this could take a few seconds...";

    private DaemonMessages() {}

    public static String format(String appName, String text) {
        return "\u001b[33m\u001b[1m[" + appName + " Daemon]:\u001b[39m " + text + "\u001b[0m";
    }
}
