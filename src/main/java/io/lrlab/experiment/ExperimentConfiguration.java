package io.lrlab.experiment;

import io.lrlab.dataset.Cifar10;
import io.lrlab.dataset.DatasetLoader;
import io.lrlab.dataset.DatasetSettings;
import io.lrlab.training.Trainer;
import java.net.URI;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExperimentConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Trainer trainer() {
        return new Trainer();
    }

    @Bean
    DatasetLoader datasetLoader(ExperimentSettings settings) {
        return new DatasetLoader(new DatasetSettings(settings.effectiveCifar10Dir(), settings.dataDir().resolve("cache"),
                settings.download(), URI.create(Cifar10.DOWNLOAD_URL), Cifar10.DOWNLOAD_SIZE, Cifar10.DOWNLOAD_MD5));
    }
}
