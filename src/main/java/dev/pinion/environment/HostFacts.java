package dev.pinion.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the node reports about its host: architecture, CPUs, kernel and distribution. */
public record HostFacts(String architecture, int cpuThreads, String kernelVersion, Optional<String> osName) {

    /** Reads the running host (/proc and /etc/os-release). */
    public static HostFacts read(Path procOsRelease, Path etcOsRelease) throws IOException {
        String kernel = Files.readString(procOsRelease).trim();
        return new HostFacts(
                goArchitecture(System.getProperty("os.arch")),
                Runtime.getRuntime().availableProcessors(),
                kernel,
                prettyName(etcOsRelease));
    }

    public static HostFacts read() throws IOException {
        return read(Path.of("/proc/sys/kernel/osrelease"), Path.of("/etc/os-release"));
    }

    /** Wings reports Go's GOARCH names; the Panel shows them as they are. */
    static String goArchitecture(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> javaArch;
        };
    }

    /** PRETTY_NAME, else NAME, from os-release. */
    static Optional<String> prettyName(Path osRelease) {
        try {
            String pretty = null;
            String name = null;
            for (String line : Files.readAllLines(osRelease)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    pretty = unquote(line.substring("PRETTY_NAME=".length()));
                } else if (line.startsWith("NAME=")) {
                    name = unquote(line.substring("NAME=".length()));
                }
            }
            return Optional.ofNullable(pretty != null && !pretty.isEmpty() ? pretty : name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String unquote(String value) {
        String v = value.trim();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
