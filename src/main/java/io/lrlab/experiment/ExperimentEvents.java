package io.lrlab.experiment;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * This process's Server-Sent Events per experiment: one {@code epoch} event per finished epoch, one {@code status}
 * event per change. {@link ClusterEvents} feeds it, from this process and from the others.
 */
@Component
class ExperimentEvents {

    private static final long TIMEOUT_MS = 30 * 60 * 1000L;
    private final Map<Long, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();

    SseEmitter subscribe(long id, Object currentStatus, boolean finished) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        try {
            emitter.send(SseEmitter.event().name("status").data(currentStatus));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        if (finished) {
            emitter.complete();
            return emitter;
        }
        List<SseEmitter> list = subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(t -> remove.run());
        return emitter;
    }

    void publish(long id, String event, Object data) {
        List<SseEmitter> list = subscribers.get(id);
        if (list == null) {
            return;
        }
        for (SseEmitter emitter : list) {
            try {
                emitter.send(SseEmitter.event().name(event).data(data));
            } catch (IOException | IllegalStateException e) {
                list.remove(emitter);
            }
        }
    }

    boolean hasSubscribers(long id) {
        List<SseEmitter> list = subscribers.get(id);
        return list != null && !list.isEmpty();
    }

    /** The experiments this process has subscribers for. */
    java.util.Set<Long> subscribed() {
        return java.util.Set.copyOf(subscribers.keySet());
    }

    /** Sends the final status and closes every stream of the experiment. */
    void finish(long id, Object finalStatus) {
        publish(id, "status", finalStatus);
        List<SseEmitter> list = subscribers.remove(id);
        if (list != null) {
            list.forEach(SseEmitter::complete);
        }
    }
}
