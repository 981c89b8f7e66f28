package io.lrlab.worker;

import io.lrlab.experiment.HandBackPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands the queue the rule by which experiments come back to it, read from {@code lrlab.worker.*}. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    HandBackPolicy handBackPolicy(WorkerSettings settings) {
        return settings.handBackPolicy();
    }
}
