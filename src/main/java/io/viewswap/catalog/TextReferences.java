package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.util.List;

/**
 * Places outside function bodies where a table or column is named by text or by a name of its own
 * rather than by OID and attribute number, read for the spec's tables (see docs/refusals.md for the
 * whole inventory).
 *
 * @param triggers user triggers on the spec's tables (and their partitions and children), and
 *     triggers elsewhere whose arguments contain a renamed name
 * @param extensionTexts pg_cron job commands and pg_partman configuration rows, where those
 *     extensions are installed in the database
 * @param namedDependents the indexes, constraints, owned sequences, triggers and policies of the
 *     spec's tables
 * @param subscribed the spec's tables that a subscription of this database replicates into
 * @param tracked the spec's tables that an extension records in its configuration tables, and those
 *     configuration tables the connected role may not read
 */
public record TextReferences(
    List<TriggerInfo> triggers,
    List<ExtensionText> extensionTexts,
    List<NamedDependent> namedDependents,
    List<SubscribedTable> subscribed,
    List<TrackedTable> tracked) {

  /** Nothing read: an older snapshot file, or a test snapshot built by hand. */
  public static final TextReferences NONE =
      new TextReferences(List.of(), List.of(), List.of(), List.of());

  public TextReferences {
    triggers = triggers == null ? List.of() : List.copyOf(triggers);
    extensionTexts = extensionTexts == null ? List.of() : List.copyOf(extensionTexts);
    namedDependents = namedDependents == null ? List.of() : List.copyOf(namedDependents);
    subscribed = subscribed == null ? List.of() : List.copyOf(subscribed);
    tracked = tracked == null ? List.of() : List.copyOf(tracked);
  }

  /** Without what extensions record of the tables (older snapshot files). */
  public TextReferences(
      List<TriggerInfo> triggers,
      List<ExtensionText> extensionTexts,
      List<NamedDependent> namedDependents,
      List<SubscribedTable> subscribed) {
    this(triggers, extensionTexts, namedDependents, subscribed, List.of());
  }

  /** Without subscriptions. */
  public TextReferences(
      List<TriggerInfo> triggers,
      List<ExtensionText> extensionTexts,
      List<NamedDependent> namedDependents) {
    this(triggers, extensionTexts, namedDependents, List.of());
  }

  public List<NamedDependent> namedDependents(QualifiedName table) {
    return namedDependents.stream().filter(d -> d.table().equals(table)).toList();
  }
}
