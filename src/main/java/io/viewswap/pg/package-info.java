/**
 * A throwaway PostgreSQL server for the {@code demo} command, the build's class-data training run
 * and the integration tests: unpacks the zonky binaries jar (a {@code .txz} inside a Maven
 * artifact) into a cache private to the user under {@code java.io.tmpdir}, runs {@code initdb} and
 * the postmaster (as uid 65534 through {@code setpriv} when the JVM runs as root, because
 * PostgreSQL refuses to run as root) with password-only logins, and stops the server and deletes
 * its run directory on close or at JVM exit, never opening, following or signalling anything
 * another uid could plant (docs/threat-model.md). Nothing here knows about specs or renames.
 *
 * <p>{@link io.viewswap.pg.EmbeddedPostgres} is the one entry point. Behind it, each security
 * property has one class: {@code BinariesJar} and {@code BinariesCache} find and verify the
 * binaries; {@code ServerProcess} runs every program as the server's uid and creates every file
 * exclusively; {@code ClusterInit} holds the root checks, initdb and the postmaster's command;
 * {@code SuperuserLogin} holds the password and the only forms it travels in; {@code Standby}
 * copies a primary into a hot standby; {@code Upgrade} runs {@code pg_upgrade} into a new cluster.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.pg;
