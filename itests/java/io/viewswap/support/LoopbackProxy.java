package io.viewswap.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL server, for network faults at chosen points:
 * each connection is forwarded as is until an armed fault fires on the first client message that
 * contains a marker (e.g. {@code COMMIT}) while a condition holds (read from the database on a
 * direct connection, e.g. "the phase holds ACCESS EXCLUSIVE"). The faults:
 *
 * <ul>
 *   <li>{@link Fault#SILENCE}: the message is swallowed and the connection goes silent both ways
 *       (nothing read, nothing written, nothing closed): a partition without RST, as a dropped NAT
 *       entry or a dead switch leaves it;
 *   <li>{@link Fault#LOSE_REPLY}: the message reaches the server, its answer never reaches the
 *       client, and once {@code settled} holds the client's side is reset (RST) while the server's
 *       side stays open and silent.
 * </ul>
 *
 * Connections opened after a fault fired are forwarded normally: a client that reconnects gets
 * through. Only loopback addresses are used.
 */
public final class LoopbackProxy implements AutoCloseable {

  /** What happens to the connection whose message fires the fault. */
  public enum Fault {
    SILENCE,
    LOSE_REPLY
  }

  private record Armed(String marker, BooleanSupplier when, Fault fault, BooleanSupplier settled) {}

  private final int targetPort;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicReference<Armed> armed = new AtomicReference<>();
  private final CountDownLatch fired = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean closed;

  public LoopbackProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "loopback-proxy-" + listener.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  /** The proxy's port on 127.0.0.1. */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@code jdbcUrl} with its host and port replaced by the proxy's. */
  public String url(String jdbcUrl) {
    return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + port() + "/");
  }

  /**
   * Arms one fault: it fires on the first client message containing {@code marker} for which {@code
   * when} is true.
   *
   * @param settled for {@link Fault#LOSE_REPLY}: the reset waits until it is true (polled)
   */
  public void arm(String marker, BooleanSupplier when, Fault fault, BooleanSupplier settled) {
    armed.set(new Armed(marker, when, fault, settled));
  }

  /** Whether the armed fault has fired. */
  public boolean fired() {
    return fired.getCount() == 0;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        Pair pair = new Pair(client, server);
        start(pair::clientToServer, "proxy-c2s");
        start(pair::serverToClient, "proxy-s2c");
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** One client's connection and the proxy's connection to the server for it. */
  private final class Pair {
    final Socket client;
    final Socket server;
    final AtomicBoolean silent = new AtomicBoolean();
    final AtomicBoolean repliesLost = new AtomicBoolean();
    final java.util.Set<String> statements = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Pair(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    /**
     * Whether a client message carries {@code marker}: in its text, or as a Bind of a statement the
     * client prepared with that text earlier (pgJDBC names statements it sends often, such as
     * COMMIT, and then sends only their name).
     */
    boolean carries(String text, String marker) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  "P....(S_\\d+)\u0000" + java.util.regex.Pattern.quote(marker),
                  java.util.regex.Pattern.DOTALL)
              .matcher(text);
      while (m.find()) {
        statements.add(m.group(1));
      }
      if (text.contains(marker)) {
        return true;
      }
      return statements.stream().anyMatch(s -> text.contains("\u0000" + s + "\u0000"));
    }

    void clientToServer() {
      byte[] buf = new byte[65536];
      try (InputStream in = client.getInputStream();
          OutputStream out = server.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          Armed a = armed.get();
          String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
          if (a != null
              && carries(text, a.marker())
              && a.when().getAsBoolean()
              && armed.compareAndSet(a, null)) {
            fired.countDown();
            if (a.fault() == Fault.SILENCE) {
              silent.set(true);
              park();
              return;
            }
            repliesLost.set(true);
            out.write(buf, 0, n);
            out.flush();
            while (!a.settled().getAsBoolean()) {
              Thread.sleep(20);
            }
            client.setSoLinger(true, 0);
            client.close(); // RST to the client; the server's side stays open, and silent
            park();
            return;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away: the other follows
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!silent.get() && !repliesLost.get()) {
        closeQuietly(server);
        closeQuietly(client);
      }
    }

    void serverToClient() {
      byte[] buf = new byte[65536];
      try (InputStream in = server.getInputStream();
          OutputStream out = client.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (silent.get() || repliesLost.get()) {
            park();
            return;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away
      }
      if (!silent.get() && !repliesLost.get()) {
        closeQuietly(server);
        closeQuietly(client);
      }
    }
  }

  /**
   * Reads and writes nothing more until the proxy is closed: the peer's data stays unacknowledged.
   */
  private void park() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    closing.countDown();
    closeQuietly(listener);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
