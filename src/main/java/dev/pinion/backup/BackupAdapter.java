package dev.pinion.backup;

import java.util.Optional;

/** Where a backup lives: on this node ({@code wings}) or in the Panel's S3 bucket ({@code s3}) (spec §5.1). */
public enum BackupAdapter {
    WINGS("wings"),
    S3("s3");

    private final String wireName;

    BackupAdapter(String wireName) {
        this.wireName = wireName;
    }

    /** The name the Panel sends. */
    public String wireName() {
        return wireName;
    }

    /** The adapter for the Panel's name, or empty for anything else (a validation error). */
    public static Optional<BackupAdapter> fromWire(String name) {
        for (BackupAdapter adapter : values()) {
            if (adapter.wireName.equals(name)) {
                return Optional.of(adapter);
            }
        }
        return Optional.empty();
    }
}
