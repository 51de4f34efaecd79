/**
 * Integration tests of viewswap under attack: a less-privileged role controls names, comments and
 * objects that viewswap reads, and tries to gain through viewswap, or through the scripts it
 * exports, what it does not hold. Not public API.
 *
 * <p>The state and transition schema attacks (StateSchemaSquattingIT and its siblings): an ordinary
 * role that holds only CREATE on the database (and whatever PostgreSQL's defaults give PUBLIC)
 * tries to gain, through a viewswap run by the table owner or a superuser, what it does not hold:
 * squatting the state schema or planting objects in it, hijacking built-ins through the
 * search_path, squatting the transition schema, and slipping past {@code check} with a NOINHERIT
 * membership. After every run the tests compare what the attacker holds ({@code
 * has_table_privilege}, {@code has_schema_privilege}, {@code pg_roles}) with what it held before,
 * and assert that the victim's run refused with the documented exit code and a message naming the
 * object at fault, or succeeded untouched. Each attack is first shown to work by hand.
 */
package io.viewswap.security;
