package io.lrlab.web;

import io.lrlab.error.ConflictException;
import io.lrlab.error.DatabaseOutage;
import io.lrlab.error.ForbiddenException;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.NotFoundException;
import io.lrlab.error.OverBudgetException;
import io.lrlab.error.QueueFullException;
import io.lrlab.error.Violation;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem document with a stable {@code type}, a human {@code detail}
 * and, for bad input, an {@code errors} list of {field, message}. Never a class name or a stack trace. The one place
 * that knows which domain failure ({@code io.lrlab.error}) answers with which status.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidInputException e) {
        return problem(ProblemType.INVALID_INPUT, e.getMessage(), e.violations());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return problem(ProblemType.NOT_FOUND, e.getMessage(), List.of());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        return problem(ProblemType.CONFLICT, e.getMessage(), List.of());
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
        return problem(ProblemType.FORBIDDEN, e.getMessage(), List.of());
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(QueueFullException e) {
        return problem(ProblemType.QUEUE_FULL, e.getMessage(), List.of());
    }

    @ExceptionHandler(OverBudgetException.class)
    ResponseEntity<ProblemDetail> overBudget(OverBudgetException e) {
        return problem(ProblemType.OVER_BUDGET, e.getMessage(), List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        Violation v = new Violation(e.getName(), "has an invalid value '" + e.getValue() + "'");
        return problem(ProblemType.INVALID_INPUT, v.field() + ": " + v.message(), List.of(v));
    }

    @ExceptionHandler(org.springframework.dao.OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(org.springframework.dao.OptimisticLockingFailureException e) {
        return problem(ProblemType.CONFLICT, "the resource changed while this request was handled; try again", List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutage.isCause(e)) {
            log.warn("Database unavailable: {}", e.getMessage());
            ResponseEntity<ProblemDetail> problem = problem(ProblemType.UNAVAILABLE,
                    "The database is unavailable; nothing was changed. Try again in a few seconds.", List.of());
            return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders()).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(problem.getBody());
        }
        log.error("Unexpected failure", e);
        return problem(ProblemType.INTERNAL, "The server failed to answer; the failure was logged.", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Violation> violations = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::violation).toList();
        return cast(problem(ProblemType.INVALID_INPUT, Violation.describe(violations), violations));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<Violation> violations = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> new Violation(r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return cast(problem(ProblemType.INVALID_INPUT, Violation.describe(violations), violations));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.TooLargeException tooLarge) {
                return cast(problem(ProblemType.TOO_LARGE, tooLarge.getMessage(), List.of()));
            }
        }
        return cast(problem(ProblemType.INVALID_INPUT, JsonErrors.describe(e), JsonErrors.violations(e)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail detail && (detail.getType() == null || "about:blank".equals(detail.getType().toString()))) {
            detail.setType(ProblemType.forStatus(status.value()));
        }
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, out, status);
    }

    private static Violation violation(FieldError error) {
        return new Violation(error.getField(), error.getDefaultMessage());
    }

    static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, List<Violation> violations) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), detail);
        body.setType(type.type());
        body.setTitle(type.title());
        if (!violations.isEmpty()) {
            body.setProperty("errors", violations.stream()
                    .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        }
        return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
