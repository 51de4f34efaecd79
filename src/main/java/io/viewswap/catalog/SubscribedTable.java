package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;

/**
 * A table of this database that a subscription (logical replication) writes into. The apply worker
 * looks the table and its columns up by name, so renaming either stops the subscription.
 *
 * @param table the table, under the name it has in the snapshot
 * @param subscription the subscription's name
 */
public record SubscribedTable(QualifiedName table, String subscription) {}
