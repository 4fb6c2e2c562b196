package dev.pinion;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Pinion's version, as the build stamped it. */
public final class PinionVersion {
    private PinionVersion() {}

    public static String current() {
        try (InputStream in = PinionVersion.class.getResourceAsStream("pinion-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "develop");
        } catch (IOException e) {
            return "develop";
        }
    }
}
