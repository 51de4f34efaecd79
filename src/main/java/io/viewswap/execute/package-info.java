/**
 * Side effects: runs a phase plan in one transaction with SET LOCAL timeouts, retrying the whole
 * transaction on lock timeouts (SQLSTATE 55P03) only, with capped, jittered exponential backoff.
 * Time and sleep are injected.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.execute;
