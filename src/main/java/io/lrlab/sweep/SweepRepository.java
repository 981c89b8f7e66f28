package io.lrlab.sweep;

import org.springframework.data.jpa.repository.JpaRepository;

interface SweepRepository extends JpaRepository<Sweep, Long> {
}
