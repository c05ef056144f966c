package dev.lui.power;

/**
 * A device a BMC can make the node boot from next (once: the BMC clears it after one boot). Only
 * the network today; a driver maps each to its protocol's word ({@code ipmitool chassis bootdev
 * pxe}, Redfish's {@code BootSourceOverrideTarget: Pxe}).
 */
public enum BootDevice {
  /** The network (PXE): how lui installs a node. */
  PXE
}
