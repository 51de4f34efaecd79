/**
 * The {@code viewswap demo} command's engine: starts an embedded PostgreSQL, loads the
 * customer-to-client example and walks its spec through expand, swap and contract with the public
 * {@link io.viewswap.ViewSwap} API while two clients (one using the old names, one the new) keep
 * reading and writing, then reports their transaction and error counts. Only the CLI calls it,
 * through {@link io.viewswap.demo.Demo}.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.demo;
