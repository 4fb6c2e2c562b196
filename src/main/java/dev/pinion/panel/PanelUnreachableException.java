package dev.pinion.panel;

/** No answer from the Panel (refused, reset, DNS, timeout) even after retrying with backoff. */
public class PanelUnreachableException extends PanelCallException {
    public PanelUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
