package io.lrlab.experiment;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Where each experiment this process trains is inside its epoch; the database has the per-epoch view. */
@Component
public class LiveProgress {

    record Position(int epoch, int batch, int batches, double imagesPerSecond) {
    }

    private final Map<Long, Position> positions = new ConcurrentHashMap<>();

    public void update(long id, int epoch, int batch, int batches, double imagesPerSecond) {
        positions.put(id, new Position(epoch, batch, batches, imagesPerSecond));
    }

    public Optional<Position> of(long id) {
        return Optional.ofNullable(positions.get(id));
    }

    public void clear(long id) {
        positions.remove(id);
    }
}
