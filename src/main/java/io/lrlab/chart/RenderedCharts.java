package io.lrlab.chart;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The last charts rendered, by ETag: the tag covers the query and every experiment's version, so the same tag means
 * the same picture. A dashboard polling a running experiment, or many users opening one sweep, render each chart
 * once per change instead of once per request. Bounded by bytes, least recently used first out.
 */
@Component
class RenderedCharts {

    static final long MAX_BYTES = 32L * 1024 * 1024;

    private final Map<String, byte[]> charts = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    byte[] get(String etag, Supplier<byte[]> render) {
        synchronized (this) {
            byte[] cached = charts.get(etag);
            if (cached != null) {
                return cached;
            }
        }
        // rendered outside the lock: two first requests for one chart may both render it, and nothing waits on a render
        byte[] rendered = render.get();
        synchronized (this) {
            if (charts.put(etag, rendered) == null) {
                bytes += rendered.length;
            }
            var oldest = charts.entrySet().iterator();
            while (bytes > MAX_BYTES && oldest.hasNext()) {
                bytes -= oldest.next().getValue().length;
                oldest.remove();
            }
        }
        return rendered;
    }
}
