-- population-based training: at each generation's boundary, every member's value there, the member whose weights it
-- trains on from there (itself when donor is null) and the rate it trains with; the key makes each decision once
CREATE TABLE study_exploit (
    study_id   BIGINT           NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    generation INTEGER          NOT NULL,
    number     INTEGER          NOT NULL,
    epochs     INTEGER          NOT NULL,
    val        DOUBLE PRECISION NOT NULL,
    donor      INTEGER,
    lr         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (study_id, generation, number)
);
