package dev.lui.tftp.testing;

import dev.lui.tftp.protocol.MalformedPacketException;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.PacketCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A scripted TFTP peer on loopback: sends exactly what the test says, reports what it got. */
public final class RawClient implements AutoCloseable {
  private final DatagramSocket socket;

  public record Received(Packet packet, InetSocketAddress from) {}

  public RawClient(InetAddress loopback) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
    socket.setSoTimeout(5_000);
  }

  public void send(Packet p, InetSocketAddress to) throws IOException {
    ByteBuffer b = PacketCodec.encode(p);
    sendRaw(b.array(), to);
  }

  public void sendRaw(byte[] bytes, InetSocketAddress to) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }

  /** Waits up to 5 s (a bound against hangs, not a timing assertion). */
  public Received receive() throws IOException, MalformedPacketException {
    return receiveWithin(5_000).orElseThrow(() -> new SocketTimeoutException("nothing in 5 s"));
  }

  public Optional<Received> receiveWithin(int millis) throws IOException, MalformedPacketException {
    byte[] buf = new byte[65536];
    DatagramPacket dp = new DatagramPacket(buf, buf.length);
    socket.setSoTimeout(millis);
    try {
      socket.receive(dp);
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
    return Optional.of(
        new Received(
            PacketCodec.decode(buf, dp.getLength()), (InetSocketAddress) dp.getSocketAddress()));
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  @Override
  public void close() {
    socket.close();
  }
}
