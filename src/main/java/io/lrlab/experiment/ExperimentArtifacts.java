package io.lrlab.experiment;

import io.lrlab.system.Directories;
import io.lrlab.system.StorageSettings;
import io.lrlab.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The one place that knows where an experiment's files live: its checkpoints and its trained model. */
@Component
class ExperimentArtifacts {

    private final StorageSettings storage;

    ExperimentArtifacts(StorageSettings storage) {
        this.storage = storage;
    }

    /** The experiment's own folder, handed to the trainer for checkpoints and the final model. */
    Path directory(long id) {
        return storage.experimentsDir().resolve(Long.toString(id));
    }

    /** The trained (or last checkpointed) network, once there is one. */
    Optional<Path> model(long id) {
        Path file = Trainer.modelFile(directory(id));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    void delete(long id) {
        try {
            Directories.deleteRecursively(directory(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
