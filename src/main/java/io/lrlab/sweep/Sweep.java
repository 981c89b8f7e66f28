package io.lrlab.sweep;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A grid of experiments queued together. */
@Entity
@Table(name = "sweep")
class Sweep {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String spec;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Sweep() {
    }

    Sweep(String name, String spec, Instant createdAt) {
        this.name = name;
        this.spec = spec;
        this.createdAt = createdAt;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getSpec() {
        return spec;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
