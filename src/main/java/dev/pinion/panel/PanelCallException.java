package dev.pinion.panel;

/** A call to the Panel's /api/remote API that did not succeed; see the subclasses for why. */
public class PanelCallException extends RuntimeException {
    public PanelCallException(String message) {
        super(message);
    }

    public PanelCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
