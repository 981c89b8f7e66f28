package io.lrlab.security;

import io.lrlab.web.ProblemType;
import io.lrlab.web.ProblemWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Stateless API-key security. Reads need {@code read} (or nothing with {@code lrlab.security.open-reads}), submit,
 * cancel and retry need {@code write}, delete needs {@code admin}; the dashboard's files, Swagger UI, the OpenAPI
 * document and actuator health, info and prometheus stay open. With no key configured every request is let through.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String[] OPEN = {"/", "/index.html", "/dashboard.js", "/dashboard.css", "/favicon.ico", "/error",
            "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**",
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SecuritySettings settings, Environment environment) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> {
                    if (settings.corsOrigins().isEmpty()) {
                        cors.disable();
                    } else {
                        cors.configurationSource(cors(settings.corsOrigins()));
                    }
                });
        settings.keys().stream().filter(k -> !k.isSet()).forEach(k ->
                log.warn("API key '{}' has neither a secret nor a sha256 and is ignored", k.name()));
        if (!settings.enabled()) {
            warnIfExposed(environment);
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        log.info("API keys on: {} key(s); reads {}", settings.activeKeys().size(), settings.openReads() ? "open" : "need a key");
        http.addFilterBefore(new ApiKeyFilter(new ApiKeys(settings.activeKeys())), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> ApiKeyFilter.unauthorized(response,
                                "this request needs an API key, sent as X-API-Key or Authorization: Bearer"))
                        .accessDeniedHandler((request, response, denied) -> ProblemWriter.write(response, ProblemType.FORBIDDEN,
                                "this API key's role does not allow " + request.getMethod() + " " + request.getRequestURI())))
                .authorizeHttpRequests(a -> {
                    a.requestMatchers(OPEN).permitAll();
                    a.requestMatchers(HttpMethod.DELETE, "/api/**").hasRole(Role.ADMIN.name());
                    a.requestMatchers(HttpMethod.POST, "/api/**").hasRole(Role.WRITE.name());
                    if (settings.openReads()) {
                        a.requestMatchers(HttpMethod.GET, "/api/**").permitAll();
                        a.requestMatchers(HttpMethod.HEAD, "/api/**").permitAll();
                    } else {
                        a.requestMatchers(HttpMethod.GET, "/api/**").hasRole(Role.READ.name());
                        a.requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(Role.READ.name());
                    }
                    a.anyRequest().authenticated();
                });
        return http.build();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy(Role.ADMIN.authority() + " > " + Role.WRITE.authority() + "\n"
                + Role.WRITE.authority() + " > " + Role.READ.authority());
    }

    /** why: keeps Spring Boot from creating a user with a generated password; keys are the only credentials. */
    @Bean
    AuthenticationManager noPasswordLogin() {
        return authentication -> {
            throw new ProviderNotFoundException("lrlab authenticates by API key only");
        };
    }

    private static CorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        cors.setAllowedHeaders(List.of(ApiKeyFilter.HEADER, "Authorization", "Content-Type", "If-None-Match"));
        cors.setExposedHeaders(List.of("Location", "ETag"));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }

    private static void warnIfExposed(Environment environment) {
        String address = environment.getProperty("server.address");
        boolean loopback = false;
        try {
            loopback = address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // unresolvable: treat as exposed
        }
        if (!loopback) {
            log.warn("No API key is configured and lrlab listens on {}: anyone who reaches it can submit, cancel and delete "
                    + "experiments. Set lrlab.security.keys (see README, \"API keys\") or server.address=127.0.0.1.",
                    address == null ? "every interface" : address);
        }
    }
}
