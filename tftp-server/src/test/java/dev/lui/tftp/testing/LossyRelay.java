package dev.lui.tftp.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay for one TFTP transfer that loses, duplicates and reorders datagrams in both
 * directions: a stand-in for {@code tc netem}, whose qdisc this kernel does not have. The client
 * sends its request to {@link #address()}; the relay passes everything on from its own socket, so
 * the server sees the relay as the client, and answers reach the client from a second relay port (a
 * fresh TID, as clients expect). Faults come from a seeded {@link Random}.
 */
public final class LossyRelay implements AutoCloseable {
  private final DatagramSocket front; // where the client sends its request
  private final DatagramSocket tid; // the "server TID" the client sees: answers come from here
  private final DatagramSocket back; // the server's side
  private final InetSocketAddress server;
  private final double loss;
  private final double duplicate;
  private final double reorder;
  private final Random random;
  private final Thread requestsToServer;
  private final Thread toServer;
  private final Thread toClient;
  private volatile InetSocketAddress client;
  private volatile InetSocketAddress serverTid;
  public final AtomicLong dropped = new AtomicLong();
  public final AtomicLong reordered = new AtomicLong();

  public LossyRelay(
      InetSocketAddress server, double loss, double duplicate, double reorder, long seed)
      throws SocketException {
    this.server = server;
    this.loss = loss;
    this.duplicate = duplicate;
    this.reorder = reorder;
    this.random = new Random(seed);
    InetAddress lo = server.getAddress();
    this.front = new DatagramSocket(new InetSocketAddress(lo, 0));
    this.tid = new DatagramSocket(new InetSocketAddress(lo, 0));
    this.back = new DatagramSocket(new InetSocketAddress(lo, 0));
    this.requestsToServer = new Thread(() -> pump(front, true), "relay-requests");
    this.toServer = new Thread(() -> pump(tid, true), "relay-to-server");
    this.toClient = new Thread(() -> pump(back, false), "relay-to-client");
    for (Thread t : List.of(requestsToServer, toServer, toClient)) {
      t.setDaemon(true);
      t.start();
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) front.getLocalSocketAddress();
  }

  private void pump(DatagramSocket in, boolean upstream) {
    byte[] buf = new byte[65536];
    DatagramPacket held = null; // a datagram kept back to be sent after the next one
    try {
      in.setSoTimeout(50);
      while (!in.isClosed()) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          in.receive(p);
        } catch (SocketTimeoutException e) {
          if (held != null) { // nothing followed: let the held one go
            send(held, upstream);
            held = null;
          }
          continue;
        }
        byte[] copy = Arrays.copyOf(p.getData(), p.getLength());
        DatagramPacket out = new DatagramPacket(copy, copy.length);
        if (upstream) {
          if (client == null) {
            client = (InetSocketAddress) p.getSocketAddress();
          }
        } else {
          serverTid = (InetSocketAddress) p.getSocketAddress();
        }
        double r;
        synchronized (random) {
          r = random.nextDouble();
        }
        if (r < loss) {
          dropped.incrementAndGet();
          continue;
        }
        if (held == null && r < loss + reorder) {
          reordered.incrementAndGet();
          held = out;
          continue;
        }
        send(out, upstream);
        if (r > 1 - duplicate) {
          send(out, upstream);
        }
        if (held != null) {
          send(held, upstream);
          held = null;
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void send(DatagramPacket p, boolean upstream) throws IOException {
    if (upstream) {
      // The first datagram is the request: to the server's port; later ones to its TID.
      InetSocketAddress to = serverTid != null ? serverTid : server;
      p.setSocketAddress(to);
      back.send(p);
    } else {
      p.setSocketAddress(client);
      tid.send(p);
    }
  }

  @Override
  public void close() throws InterruptedException {
    front.close();
    tid.close();
    back.close();
    for (Thread t : List.of(requestsToServer, toServer, toClient)) {
      t.join(5_000);
    }
  }
}
