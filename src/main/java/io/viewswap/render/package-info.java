/**
 * SQL text: the only package that builds statements. jOOQ renders every statement its DSL can
 * express, for the POSTGRES dialect, identifiers always quoted, values inlined, without a
 * connection. What the DSL cannot express comes from {@code sql-templates/}, with identifiers and
 * literals still rendered by jOOQ. Every rendered name and string passes {@link
 * io.viewswap.render.ScriptText}, so text read from the catalog (which less-privileged roles
 * choose) cannot become a psql meta-command, a Liquibase directive or a Flyway placeholder.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.render;
