package io.lrlab.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A study in the list of studies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StudyLine(long id, String name, String state, Instant createdAt, Instant finishedAt) {
}
