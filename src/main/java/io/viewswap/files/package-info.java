/**
 * Where viewswap touches the local file system on behalf of its user, and the one rule it keeps
 * there: trust nothing another local user controls. {@link LocalOwnership} says whether a directory
 * (and every directory on the way to it) can be changed only by its user and root; {@link
 * OutputFiles} is the one way every command writes a file (created exclusively, never through a
 * symbolic link, into a directory only the user can change); {@link PrivateDirectory} makes and
 * verifies the directories that hold what must stay the user's own (the PostgreSQL binaries cache,
 * a throwaway server's run directory).
 *
 * <p>Internal: no compatibility promise.
 */
package io.viewswap.files;
