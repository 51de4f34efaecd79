package io.viewswap.api;

/**
 * The preflight of a spec against a database.
 *
 * @param spec the spec id
 * @param state where the spec stands; the checks are those of its next phase
 * @param serverVersionNum the server's version number
 * @param report the findings
 */
public record CheckResult(String spec, State state, int serverVersionNum, CheckReport report) {}
