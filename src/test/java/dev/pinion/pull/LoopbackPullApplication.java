package dev.pinion.pull;

import dev.pinion.PinionApplication;

/** The real application, except that remote pulls may reach exactly 127.0.0.1 (a test origin). */
public class LoopbackPullApplication extends PinionApplication {
    @Override
    protected AddressPolicy remoteDownloadPolicy() {
        return AddressPolicy.wingsExcept("127.0.0.1");
    }
}
