package io.lrlab.dataset;

/** The dataset is not on disk and could not be fetched; the message says where to put the files. */
public class DatasetUnavailableException extends RuntimeException {

    public DatasetUnavailableException(String message) {
        super(message);
    }

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
