/**
 * API keys and roles (read, write, admin), the caller of a request, CORS and the security filter chain. Imports web
 * and error.
 */
package io.lrlab.security;
