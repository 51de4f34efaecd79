/**
 * The command line: picocli parses, the {@link io.viewswap.api.ViewSwap} API does the work, this package prints
 * the results as text or JSON and maps failures to the exit codes of the design. Nothing here decides anything.
 */
package io.viewswap.cli;
