/**
 * The HTTP edge shared by every feature: RFC 9457 problems, strict JSON, body size limits, OpenAPI set-up, paging.
 * Imports error only.
 */
package io.lrlab.web;
