package io.lrlab.web;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.web.*}: limits of the HTTP API.
 *
 * @param maxBodyBytes request bodies over this many bytes are refused with 413, declared or streamed
 */
@Validated
@ConfigurationProperties("lrlab.web")
record WebSettings(@DefaultValue("65536") @Min(1) long maxBodyBytes) {
}
