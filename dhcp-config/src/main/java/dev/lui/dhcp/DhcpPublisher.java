package dev.lui.dhcp;

import java.util.List;

/**
 * Renders, validates, writes atomically (keeping a .bak of the previous file) and reloads each
 * target. If validation fails the previous file stays and {@link DhcpPublishException} says why.
 * STUB: the dhcp module fills this in.
 */
public final class DhcpPublisher {
  public DhcpPublisher(List<DhcpTarget> targets) {}

  public void publish(List<DhcpHost> hosts) throws DhcpPublishException {
    throw new UnsupportedOperationException("stub");
  }
}
