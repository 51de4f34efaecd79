/**
 * The {@code viewswap demo} command's engine: starts an embedded PostgreSQL, loads the customer-to-client example
 * and walks its spec through expand, swap and contract with the public {@link io.viewswap.api.ViewSwap} API while
 * two clients (one using the old names, one the new) keep reading and writing, then reports their transaction and
 * error counts. Not public API: only the CLI calls it, through {@link io.viewswap.demo.Demo}.
 */
package io.viewswap.demo;
