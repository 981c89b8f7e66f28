package io.lrlab.security;

import io.lrlab.web.ProblemType;
import io.lrlab.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key, sent as {@code X-API-Key} or {@code Authorization: Bearer}. A request with
 * no key goes on anonymous (the rules decide); one with a wrong key is answered 401 at once.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presented(request);
        if (presented != null) {
            var holder = keys.find(presented);
            if (holder.isEmpty()) {
                unauthorized(response, "the API key is not valid");
                return;
            }
            var authentication = new UsernamePasswordAuthenticationToken(holder.get().name(), null,
                    List.of(new SimpleGrantedAuthority(holder.get().role().authority())));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        }
        chain.doFilter(request, response);
    }

    /** A 401 problem that says how to authenticate. */
    static void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lrlab\"");
        ProblemWriter.write(response, ProblemType.UNAUTHORIZED, detail);
    }

    private static String presented(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }
}
