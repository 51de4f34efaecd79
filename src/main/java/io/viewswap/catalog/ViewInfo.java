package io.viewswap.catalog;

/**
 * One of the views a spec's phases create (the transitional view, the compat view), as it stands
 * now: the access-drift check compares its owner, security and grants with the table's.
 *
 * @param relation its owner, columns (in order) and grants, read like a table's
 * @param securityInvoker whether it checks the caller's rights and row-level security policies
 */
public record ViewInfo(TableInfo relation, boolean securityInvoker) {}
