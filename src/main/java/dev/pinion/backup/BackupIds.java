package dev.pinion.backup;

import java.util.regex.Pattern;

/**
 * Backup ids as the Panel generates them: the canonical lower-case 36-character UUID. Nothing else is
 * ever joined into a path (spec §4.3 step 2, §5.1: a crafted id could otherwise escape the directory).
 */
public final class BackupIds {
    private static final Pattern CANONICAL =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private BackupIds() {}

    public static boolean isValid(String id) {
        return id != null && CANONICAL.matcher(id).matches();
    }

    /** The id itself, or an {@link BackupException.Kind#INVALID} refusal. */
    static String require(String id) {
        if (!isValid(id)) {
            throw new BackupException(BackupException.Kind.INVALID, "The backup id is not a valid UUID.");
        }
        return id;
    }
}
