/**
 * A throwaway PostgreSQL server for the {@code demo} command and the integration tests: unpacks the
 * zonky binaries jar (a {@code .txz} inside a Maven artifact) into a cache under {@code
 * java.io.tmpdir}, runs {@code initdb} and {@code pg_ctl} (as uid 65534 through {@code setpriv}
 * when the JVM runs as root, because PostgreSQL refuses to run as root), and stops the server and
 * deletes its data directory on close or at JVM exit. Nothing here knows about specs or renames.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.pg;
