package dev.pinion.transfer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How transfers behave on this node.
 *
 * @param stopTimeout       how long the source waits for the server to stop before refusing (Wings: 15 s, no kill)
 * @param progressInterval  how often the source publishes an {@code Uploading [...]} line (Wings: 5 s)
 * @param sendLimitMibps    {@code system.transfers.download_limit} in MiB/s, read per transfer; 0 = unlimited
 */
public record TransferSettings(Duration stopTimeout, Duration progressInterval, LongSupplier sendLimitMibps) {
    public static TransferSettings wings(LongSupplier sendLimitMibps) {
        return new TransferSettings(Duration.ofSeconds(15), Duration.ofSeconds(5), sendLimitMibps);
    }
}
