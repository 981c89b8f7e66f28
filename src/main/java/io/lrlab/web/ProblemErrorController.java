package io.lrlab.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the servlet container sends what failed before or outside Spring MVC (a URL the firewall
 * rejects, a {@code sendError} from a filter): answered as problem+json like every other error, never an HTML page
 * or a stack trace. Not part of the API, so absent from the OpenAPI document.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail = failure instanceof RequestRejectedException rejected ? rejected.getMessage()
                : status.is5xxServerError() ? "The server failed to answer; the failure was logged."
                : status == HttpStatus.BAD_REQUEST ? "The request is malformed: its URL, path or headers cannot be accepted as sent."
                : status.getReasonPhrase();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemType.forStatus(status.value()));
        problem.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
