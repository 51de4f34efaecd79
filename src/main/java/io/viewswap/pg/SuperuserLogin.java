package io.viewswap.pg;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The login of an embedded server's superuser {@code postgres}: a random password made for one
 * server (a primary and its standbys share it) and the few forms it travels in, every one of them
 * kept to this process or to a file only the server's uid or this user reads. {@link #toString()}
 * never shows the password.
 */
final class SuperuserLogin {

  static final String SUPERUSER = "postgres";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String password;

  private SuperuserLogin(String password) {
    this.password = password;
  }

  /** 24 random bytes, URL-safe base64: nothing in it needs quoting in a URL or a password file. */
  static SuperuserLogin random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return new SuperuserLogin(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** What initdb's {@code --pwfile} reads. */
  String pwfileContent() {
    return password + "\n";
  }

  /** One libpq password file line for the superuser on {@code host:port}, any database. */
  String passfileLine(String host, int port) {
    return host + ":" + port + ":*:" + SUPERUSER + ":" + password + "\n";
  }

  /**
   * One libpq password file line for the superuser on any host and port: pg_upgrade starts the old
   * and the new cluster on ports of its own.
   */
  String passfileLineAnyServer() {
    return "*:*:*:" + SUPERUSER + ":" + password + "\n";
  }

  /** jdbc:postgresql://127.0.0.1:port/db?user=postgres, without the password. */
  static String plainUrl(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20")
        + "?user="
        + SUPERUSER;
  }

  /** {@link #plainUrl} with the password: for this process to connect with, never to print. */
  String jdbcUrl(int port, String database) {
    return plainUrl(port, database) + "&password=" + password;
  }

  /** The user and password as JDBC connection properties. */
  Properties credentials() {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", password);
    return props;
  }

  @Override
  public String toString() {
    return "SuperuserLogin[" + SUPERUSER + ", password hidden]";
  }
}
