package io.lrlab.web;

import io.lrlab.error.Violation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/**
 * The body of every error answer as the OpenAPI document describes it: an RFC 9457 problem with lrlab's stable
 * {@code type} and, for bad input, one {@code errors} entry per broken rule. {@link ProblemHandler} and
 * {@link ProblemWriter} write these fields; this record only names them for the document ({@link ProblemResponses}).
 */
@Schema(name = "Problem", description = "An RFC 9457 problem document (application/problem+json).")
record Problem(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "stable, one per kind of failure",
                example = "https://lrlab.io/problems/invalid-input") URI type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the type's short title", example = "Invalid input")
        String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the HTTP status code", example = "400") int status,
        @Schema(description = "what went wrong with this request, for a person", example = "epochs: must be at least 1")
        String detail,
        @Schema(description = "the request path the problem is about", format = "uri-reference", example = "/api/experiments/7")
        String instance,
        @Schema(description = "bad input only: one entry per broken rule, by field or parameter") List<Violation> errors) {
}
