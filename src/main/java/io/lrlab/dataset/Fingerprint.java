package io.lrlab.dataset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The identity of decoded training data: a SHA-256 over both splits' labels and pixels, in order. */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(TrainTestData data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (LabeledImages split : new LabeledImages[] {data.train(), data.test()}) {
                sha.update(split.labels());
                sha.update(split.pixels());
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
