/**
 * The public API: the only package with a compatibility promise. Configure a {@link io.viewswap.api.ViewSwap}
 * with a DataSource, then check, plan, apply, roll back and read the status of a spec. The CLI is a thin shell
 * over this package.
 */
package io.viewswap.api;
