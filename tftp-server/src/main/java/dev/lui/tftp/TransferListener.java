package dev.lui.tftp;

/** Told about every finished transfer, from a server thread: must be quick and must not throw. */
@FunctionalInterface
public interface TransferListener {
  void transferEnded(TransferRecord record);

  TransferListener NONE = r -> {};
}
