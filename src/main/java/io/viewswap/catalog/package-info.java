/**
 * Read-only facts from pg_catalog, taken once per run into an immutable {@link
 * io.viewswap.catalog.CatalogSnapshot}. Everything later (checks, planning, rendering) works on the
 * snapshot, never on a connection. The one other read, {@link io.viewswap.catalog.ReleaseRoleInfo},
 * is about roles and sessions of the server for {@code options.release_role}, so it is kept out of
 * snapshot files.
 *
 * <p>The SQL it runs (and the state and lock-window SQL: {@code sql-templates/catalog}, {@code
 * state} and {@code execute}) stands alone: it means the same whatever the session's {@code
 * search_path}, although viewswap's own sessions pin it to {@code pg_catalog, pg_temp}. The rule
 * the templates follow, and {@code TemplateQualificationTest} checks:
 *
 * <ul>
 *   <li>every built-in function and aggregate, and every catalog relation, is written {@code
 *       pg_catalog.name}, and every operator {@code operator(pg_catalog.=)}, including the ones SQL
 *       syntax looks up by name on the {@code search_path}: {@code x in (a, b)} is written {@code x
 *       operator(pg_catalog.=) any (...)}, {@code not in} as {@code <> all}, a simple {@code case x
 *       when} as {@code case when x operator(pg_catalog.=) ...}, and {@code is [not] distinct from}
 *       a non-null literal as {@code coalesce(x operator(pg_catalog.=) literal, false)}; {@code
 *       nullif}, {@code like} and {@code between} are not used;
 *   <li>a type name is qualified ({@code ::pg_catalog.text}, {@code pg_catalog.name}, {@code
 *       pg_catalog."char"}, {@code pg_catalog.oid}, {@code pg_catalog.regclass}) unless it is one
 *       the grammar itself maps to pg_catalog ({@code int}, {@code bigint}, {@code integer}, {@code
 *       boolean}, ...); a regclass literal names the catalog ({@code
 *       'pg_catalog.pg_class'::pg_catalog.regclass});
 *   <li>a multi-argument {@code unnest} in FROM is written {@code rows from (pg_catalog.unnest(a),
 *       pg_catalog.unnest(b))}, which is what PostgreSQL expands it to (the short form exists only
 *       unqualified);
 *   <li>syntax that PostgreSQL resolves in pg_catalog itself needs nothing: {@code coalesce},
 *       {@code exists}, {@code array(...)}, {@code extract}, {@code current_user}, and the ordering
 *       behind {@code order by}, {@code distinct} and {@code union};
 *   <li>the bodies of the state schema's functions, which are declared with {@code set search_path
 *       = pg_catalog, pg_temp}, are written plainly.
 * </ul>
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.catalog;
