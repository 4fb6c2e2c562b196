package dev.pinion.environment.docker;

/**
 * An image reference split as the Docker client splits it for {@code POST /images/create}:
 * {@code fromImage} is the name, {@code tag} the tag, or the digest when there is one, or
 * "latest" when there is neither.
 */
record ImageReference(String name, String tag) {

    static ImageReference parse(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return new ImageReference(stripTag(image.substring(0, at)), image.substring(at + 1));
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageReference(image, "latest");
    }

    // "name:tag@digest" pulls by digest; the tag is then only decoration.
    private static String stripTag(String nameAndTag) {
        int colon = nameAndTag.lastIndexOf(':');
        return colon > nameAndTag.lastIndexOf('/') ? nameAndTag.substring(0, colon) : nameAndTag;
    }
}
