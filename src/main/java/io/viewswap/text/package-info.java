/**
 * Text helpers shared by the spec reader, the command line and the reports: durations as users
 * write them ({@code 200ms}, {@code 5s}), text made safe for a terminal, and "did you mean"
 * suggestions. They depend on nothing else in viewswap.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.text;
