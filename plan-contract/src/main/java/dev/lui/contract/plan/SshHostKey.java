package dev.lui.contract.plan;

/**
 * An ssh host key pair the server keeps for a node, so that a reinstall keeps its ssh identity. The
 * private key is a secret: it is never logged and {@link #toString} leaves it out.
 *
 * @param type {@code rsa}, {@code ecdsa} or {@code ed25519} (file {@code ssh_host_TYPE_key})
 * @param privateKey the OpenSSH private key file's text
 * @param publicKey the one-line public key ({@code ssh-ed25519 AAAA... comment})
 */
public record SshHostKey(String type, String privateKey, String publicKey) {
  @Override
  public String toString() {
    return "SshHostKey[type=" + type + ", privateKey=<redacted>, publicKey=" + publicKey + "]";
  }
}
