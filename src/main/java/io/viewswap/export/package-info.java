/**
 * Scripts for DBAs, rendered from the same {@link io.viewswap.api.Plan} that {@code apply} runs:
 * each one transaction with the same timeouts, guards, statements and state row.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.export;
