package io.lrlab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * One lrlab on a random port, with a worker, an in-memory H2 and the committed CIFAR-10 sample, shared by every
 * single-process HTTP test (the Spring test context cache keeps one context for one set of these settings).
 * why inline properties: they outrank the repository's ./application.yml, which Spring Boot also reads when the tests
 * run from the repository root and which would otherwise point data-dir and the dataset at ./data.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("http")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:lrlab-http;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "lrlab.data-dir=target/test-data/http-${random.uuid}",
        "lrlab.dataset.cifar10-dir=target/test-classes/cifar10-sample",
        "lrlab.dataset.download=false",
        "lrlab.worker.poll-interval=100ms",
        "lrlab.worker.lease=10s",
        "lrlab.worker.slots=1",
        "lrlab.datasets.allowed-roots=target/test-data/dataset-roots",
        "lrlab.datasets.max-entries=400",
        "lrlab.datasets.max-expanded=3MB"})
public @interface LrlabHttpTest {
}
