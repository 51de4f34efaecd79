/**
 * The command line: picocli parses, the {@link io.viewswap.ViewSwap} API does the work, this
 * package prints the results as text or JSON and maps failures to the exit codes of the design.
 * Nothing here decides anything.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.cli;
