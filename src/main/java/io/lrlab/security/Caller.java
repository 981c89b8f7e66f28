package io.lrlab.security;

/**
 * Who asks: the API key's name and whether it may act on every experiment. Without API keys everyone is
 * {@link #ANYONE}: unnamed, and allowed everything, as lrlab was before keys.
 */
public record Caller(String name, boolean admin) {

    public static final Caller ANYONE = new Caller(null, true);

    /** Admins act on every experiment; others on their own, and on those submitted while keys were off. */
    public boolean mayChange(String submittedBy) {
        return admin || submittedBy == null || submittedBy.equals(name);
    }
}
