/**
 * The vocabulary of the public API, and its lowest layer: every type a signature of {@link
 * io.viewswap.ViewSwap} exposes (phases, states, results, findings, plans, run records, listeners,
 * errors). It imports nothing of viewswap but {@code io.viewswap.spec} (the spec model, also
 * public), so every other package may depend on it and it on none of them; {@code ArchitectureTest}
 * keeps it so. With {@code spec} and {@code repoint}, the only packages with a compatibility
 * promise.
 */
package io.viewswap.api;
