/**
 * Read-only facts from pg_catalog, taken once per run into an immutable {@link io.viewswap.catalog.CatalogSnapshot}.
 * Everything later (checks, planning, rendering) works on the snapshot, never on a connection.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and the
 * types of {@code io.viewswap.api}.
 */
package io.viewswap.catalog;
