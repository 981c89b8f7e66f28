package io.lrlab.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.security.*}: the API keys an operator hands out. With none, lrlab is open as before (and warns when
 * it listens beyond loopback).
 *
 * @param keys        the keys; each is given as its secret or as the SHA-256 of it (hex), never both
 * @param openReads   let GET requests through without a key (submit, cancel, retry and delete still need one)
 * @param corsOrigins origins allowed to call the API from a browser page of their own; none by default
 */
@Validated
@ConfigurationProperties("lrlab.security")
public record SecuritySettings(
        @DefaultValue @Valid List<Key> keys,
        @DefaultValue("false") boolean openReads,
        @DefaultValue List<String> corsOrigins) {

    /**
     * @param name   who holds the key; recorded on the experiments it submits (the secret never is)
     * @param role   read, write or admin
     * @param secret the key itself (from the environment, e.g. LRLAB_SECURITY_KEYS_0_SECRET)
     * @param sha256 or its SHA-256 in hex, so the settings need not hold the secret
     */
    public record Key(@NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}") String name, @NotNull Role role, String secret,
                      @Pattern(regexp = "[0-9a-fA-F]{64}|") String sha256) {

        boolean isSet() {
            return (secret != null && !secret.isBlank()) || (sha256 != null && !sha256.isBlank());
        }
    }

    /** Keys with a secret or a digest; an entry with neither (a key variable left empty) is not a key. */
    public List<Key> activeKeys() {
        return keys.stream().filter(Key::isSet).toList();
    }

    public boolean enabled() {
        return !activeKeys().isEmpty();
    }
}
