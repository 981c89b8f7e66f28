package io.lrlab.security;

/** What an API key may do; each role includes the ones before it. */
public enum Role {
    /** read experiments, metrics, reports, charts and models */
    READ,
    /** also submit, cancel (its own experiments) and retry */
    WRITE,
    /** also delete, and cancel every experiment */
    ADMIN;

    String authority() {
        return "ROLE_" + name();
    }
}
