package io.viewswap.repoint;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@code repoint} tells the new release.
 *
 * @param client the client the advice is written for
 * @param pooler what sits between the release and the server
 * @param connectAs the login role the new release must connect as ({@code options.release_role}),
 *     if any
 * @param tables per table: names, search_path, changes
 * @param connection how the release connects and talks to the server (startup parameters, session
 *     state, prepared statements), each with its reason
 * @param warnings where the advice cannot make the release work as asked, and what would
 */
public record RepointAdvice(
    Client client,
    Pooler pooler,
    Optional<String> connectAs,
    List<TableAdvice> tables,
    List<String> connection,
    List<String> warnings) {
  public RepointAdvice {
    tables = List.copyOf(tables);
    connection = List.copyOf(connection);
    warnings = List.copyOf(warnings);
  }
}
