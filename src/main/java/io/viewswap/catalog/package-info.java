/**
 * Read-only facts from pg_catalog, taken once per run into an immutable {@link
 * io.viewswap.catalog.CatalogSnapshot}. Everything later (checks, planning, rendering) works on the
 * snapshot, never on a connection. The one other read, {@link io.viewswap.catalog.ReleaseRoleInfo},
 * is about roles and sessions of the server for {@code options.release_role}, so it is kept out of
 * snapshot files.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.catalog;
