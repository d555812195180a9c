package org.saescope.app.steer;

/** How a feature steers: add its decoder direction, or hold its activation at a value. */
public enum SteerMethod {
    /** x += strength · W_dec[f] at the SAE's hook on every position. */
    ADD("Add scaled decoder direction"),
    /** The feature's activation set to strength on every position (x += (strength − f(x)) · W_dec[f]). */
    CLAMP("Clamp the activation");

    private final String title;

    SteerMethod(String title) {
        this.title = title;
    }

    @Override
    public String toString() {
        return title;
    }
}
