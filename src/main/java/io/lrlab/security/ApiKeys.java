package io.lrlab.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The configured keys, kept only as SHA-256 digests. A presented key is hashed and compared with every digest in
 * constant time, so neither the comparison nor the position of a match tells an attacker anything.
 */
final class ApiKeys {

    record Holder(String name, Role role) {
    }

    private record Entry(byte[] digest, Holder holder) {
    }

    private final List<Entry> entries;

    ApiKeys(List<SecuritySettings.Key> keys) {
        this.entries = keys.stream().map(ApiKeys::entry).toList();
    }

    private static Entry entry(SecuritySettings.Key key) {
        boolean hasSecret = key.secret() != null && !key.secret().isBlank();
        boolean hasDigest = key.sha256() != null && !key.sha256().isBlank();
        if (hasSecret == hasDigest) {
            throw new IllegalStateException("lrlab.security.keys: key '" + key.name() + "' needs exactly one of secret or sha256");
        }
        if (hasSecret && key.secret().length() < 16) {
            throw new IllegalStateException("lrlab.security.keys: key '" + key.name() + "' is shorter than 16 characters");
        }
        byte[] digest = hasSecret ? sha256(key.secret()) : HexFormat.of().parseHex(key.sha256().toLowerCase());
        return new Entry(digest, new Holder(key.name(), key.role()));
    }

    Optional<Holder> find(String presented) {
        byte[] digest = sha256(presented);
        Holder found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
