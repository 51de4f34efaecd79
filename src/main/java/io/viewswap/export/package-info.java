/**
 * Scripts for DBAs, rendered from the same {@link io.viewswap.plan.Plan} that {@code apply} runs: each one
 * transaction with the same timeouts, guards, statements and state row.
 */
package io.viewswap.export;
