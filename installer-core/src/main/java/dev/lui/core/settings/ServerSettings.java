package dev.lui.core.settings;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.lui.core.config.AdminListener;
import dev.lui.core.config.DhcpBackendSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of {@code lui server}, declared once: each component is a key of {@code
 * /etc/lui/lui.yaml} (its name in kebab case, bound by Jackson) and the flag of the same name
 * (built from this record by {@link SettingsTable}, with picocli). An empty value is "not set";
 * {@link SettingsTable#over} layers flags over the file over {@link SettingsTable#DEFAULTS}, and
 * {@link Resolver} turns the result into a checked {@code ServerConfig}.
 *
 * <p>The values are as written (text, paths, lists): they are checked when resolved, and errors
 * name the flag. A new setting is one component here, its use in {@link Resolver}, and a
 * regenerated docs/settings.md.
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record ServerSettings(
    @Setting(
            label = "DIR",
            defaultValue = "/var/lib/lui",
            meaning = "State directory: the store, the TFTP root, DHCP files and node roots.")
        Optional<Path> state,
    @Setting(
            label = "FILE",
            defaultText = "stderr (journald under systemd)",
            meaning =
                "Write the server's log to this file instead, e.g. /var/log/lui/lui.log: rolled"
                    + " daily and at 50 MB into lui.YYYY-MM-DD.N.log beside it (the name less its"
                    + " .log, the day, a counter from 0), kept 14 days and at most 1 GB in all.")
        Optional<Path> logFile,
    @Setting(
            label = "N",
            defaultValue = "5",
            meaning =
                "Agent runs (installs and rehearsals) whose log each node keeps: opening one more"
                    + " drops the oldest with its log, never the node's current install; 'lui logs"
                    + " NODE --runs' lists them.")
        Optional<Integer> logRunsKept,
    @Setting(
            label = "URL",
            defaultText = "SQLite, STATE/lui.db",
            meaning =
                "Keep the store in PostgreSQL instead: postgresql://USER@HOST:PORT/DATABASE (never"
                    + " a password: see --store-password-file). The database must exist; lui"
                    + " creates and migrates its tables. docs/scale-out.md.")
        Optional<String> store,
    @Setting(
            label = "FILE",
            defaultText = "PGPASSFILE, else ~/.pgpass",
            meaning =
                "The file holding the --store user's password (only the password; mode 0600)."
                    + " Without it, the PostgreSQL driver looks in PGPASSFILE or ~/.pgpass.")
        Optional<Path> storePasswordFile,
    @Setting(
            label = "HOST:PORT",
            defaultValue = "0.0.0.0:8080",
            meaning =
                "The node listener: where nodes' agents and iPXE reach the server on the cluster"
                    + " network. Plain HTTP: agent calls and boot files, no admin call.")
        Optional<String> http,
    @Setting(
            label = "HOST:PORT",
            defaultValue = AdminListener.DEFAULT_ADDRESS,
            meaning =
                "The admin listener: every admin API call, with the admin token. An address other"
                    + " than loopback needs --admin-tls-cert and --admin-tls-key, so that the token"
                    + " never crosses a network in clear; with them the listener speaks HTTPS.")
        Optional<String> adminHttp,
    @Setting(
            label = "FILE",
            meaning =
                "The admin listener's certificate, PEM (its chain may follow). Its names"
                    + " (subjectAltName) must include the host admins write in --server. Clients"
                    + " trust a self-signed one with --ca-cert FILE or LUI_CA_CERT; the CLI on this"
                    + " host trusts it without.")
        Optional<Path> adminTlsCert,
    @Setting(
            label = "FILE",
            meaning =
                "That certificate's private key, PEM, unencrypted PKCS#8 ('BEGIN PRIVATE KEY', as"
                    + " openssl writes it); keep it mode 0600.")
        Optional<Path> adminTlsKey,
    @Setting(
            defaultValue = "false",
            meaning =
                "Serve /metrics (Prometheus text format, on the admin listener) without the admin"
                    + " token. Off: Prometheus sends the token (authorization: credentials_file:);"
                    + " /healthz and /readyz never need it. docs/monitoring.md.")
        Optional<Boolean> metricsPublic,
    @Setting(label = "HOST:PORT", defaultValue = "0.0.0.0:69", meaning = "TFTP listen address.")
        Optional<String> tftp,
    @Setting(
            label = "URL",
            defaultText = "http://HOST:PORT of --http (--next-server for 0.0.0.0)",
            meaning = "The URL nodes use to reach this server.")
        Optional<String> publicUrl,
    @Setting(
            label = "IP",
            defaultText = "the TFTP host, or 127.0.0.1 (refused without --allow-loopback)",
            meaning = "TFTP server address given to nodes by DHCP.")
        Optional<String> nextServer,
    @Setting(label = "IP", defaultText = "--next-server", meaning = "NFS server in boot entries.")
        Optional<String> nfsServer,
    @Setting(
            defaultValue = "false",
            meaning =
                "Serve boot entries that point nodes at this host's loopback address (--next-server,"
                    + " --nfs-server or --public-url in 127.0.0.0/8, ::1 or localhost): for the demo"
                    + " and tests on one host. Without it such a server refuses to start.")
        Optional<Boolean> allowLoopback,
    @Setting(
            label = "FILE",
            defaultValue = "pxelinux.0",
            meaning = "First-stage boot file DHCP names.")
        Optional<String> bootFile,
    @Setting(
            label = "TFTP-PATH",
            defaultText =
                "grubnetx64.efi or boot/grub/x86_64-efi/core.efi ('lui boot-files setup'), the"
                    + " first in the TFTP root at start; else --boot-file",
            meaning =
                "What x86-64 UEFI clients (DHCP option 93 = 7 or 9) boot; GRUB then reads the"
                    + " node's boot/grub/grub.cfg-01-MAC.")
        Optional<String> uefiBootFile,
    @Setting(
            label = "TFTP-PATH",
            defaultText =
                "grubnetaa64.efi or boot/grub/arm64-efi/core.efi, the first in the TFTP root at"
                    + " start; else --boot-file",
            meaning = "What ARM64 UEFI clients (DHCP option 93 = 11) boot.")
        Optional<String> uefiArm64BootFile,
    @Setting(
            defaultValue = "false",
            meaning =
                "Clients that are already iPXE (user class iPXE, e.g. QEMU's and many NICs' ROMs)"
                    + " get PUBLIC-URL/ipxe/boot.ipxe and fetch the node's script, kernel and"
                    + " initrd over HTTP instead of TFTP.")
        Optional<Boolean> ipxeHttp,
    @Setting(
            label = "ACTION",
            defaultValue = "reboot",
            meaning = "What nodes do after a good install: reboot, poweroff, none.")
        Optional<String> finish,
    @Setting(
            label = "NAME",
            meaning =
                "Serve this install image (lui image list): its current version's root for"
                    + " nfsroot=, its kernel and initrd copied to TFTP lui/NAME/. Overrides"
                    + " --install-root/--install-kernel/--install-initrd.")
        Optional<String> image,
    @Setting(
            label = "DIR",
            defaultText = "STATE/images",
            meaning = "Where --image looks (lui image ... --images DIR builds there).")
        Optional<Path> images,
    @Setting(
            label = "PATH",
            defaultText = "nfsroot= names the node's own root",
            meaning =
                "The install image's root as the NFS server exports it (read-only, shared by all"
                    + " nodes). Entries then say nfsroot=NFS:PATH and"
                    + " lui.noderoot=NFS:STATE/nfsroot/nodes/NAME, which the image's agent unit"
                    + " mounts at /lui.")
        Optional<String> installRoot,
    @Setting(
            label = "TFTP-PATH",
            defaultValue = "lui/vmlinuz",
            meaning = "Install kernel, relative to the TFTP root.")
        Optional<String> installKernel,
    @Setting(
            label = "TFTP-PATH",
            defaultValue = "lui/initrd.img",
            meaning = "Install initramfs, relative to the TFTP root.")
        Optional<String> installInitrd,
    @Setting(
            label = "ARG",
            meaning =
                "Added to every install entry's kernel command line, e.g. console=ttyS0,115200"
                    + " (repeatable).")
        List<String> kernelArg,
    @Setting(
            label = "CIDR",
            defaultText = "the first node's network",
            meaning =
                "Network the image root is exported to, read-only, in STATE/nfs/exports and"
                    + " STATE/nfs/ganesha.conf.")
        Optional<String> installNetwork,
    @Setting(
            label = "ARG",
            command = true,
            meaning =
                "Command (as arguments) run after the NFS exports changed, e.g. exportfs -ra (with"
                    + " /etc/exports.d/lui.exports linked to STATE/nfs/exports).")
        List<String> exportsReload,
    @Setting(
            label = "NAME",
            split = ",",
            defaultValue = "[isc, bootptab]",
            meaning =
                "DHCP/BOOTP files to keep in STATE/dhcp: isc, bootptab, kea, dnsmasq; isc-managed"
                    + " keeps the host declarations in a marked block of --dhcp-admin-conf,"
                    + " bootptab-managed the entries in one of --bootptab-admin-file.")
        List<String> dhcpBackends,
    @Setting(
            defaultValue = "true",
            meaning =
                "Check each DHCP candidate with its daemon (dhcpd -t, kea-dhcp4 -t, dnsmasq"
                    + " --test), when installed, before writing it.")
        Optional<Boolean> dhcpValidate,
    @Setting(
            label = "ARG",
            command = true,
            meaning =
                "Command (as arguments) run after the DHCP files changed, e.g. systemctl reload"
                    + " isc-dhcp-server.")
        List<String> dhcpReload,
    @Setting(
            label = "BACKEND=PATH",
            meaning =
                "Write a backend's file here instead of STATE/dhcp (repeatable), e.g. --dhcp-file"
                    + " kea=/etc/kea/kea-dhcp4.conf; in the file: dhcp-file: {kea: PATH}.")
        Map<String, Path> dhcpFile,
    @Setting(
            label = "{BACKEND: {file: PATH, validate: [ARG...], reload: [ARG...]}}",
            fileOnly = true,
            meaning =
                "Per backend: its file, the check run on each candidate ({file} is its path) and"
                    + " the reload command, e.g. {kea: {reload: [systemctl, reload, kea-dhcp4-server]}}.")
        Map<String, DhcpBackendSettings> dhcpBackendSettings,
    @Setting(
            label = "FILE",
            meaning =
                "Your own dhcpd.conf: a node address inside one of its dynamic pools ('range')"
                    + " gets a warning naming the pool; the isc-managed backend's file.")
        Optional<Path> dhcpAdminConf,
    @Setting(
            label = "FILE",
            meaning =
                "Your own /etc/bootptab for the bootptab-managed backend: lui keeps its entries"
                    + " between markers, every other line as it was.")
        Optional<Path> bootptabAdminFile,
    @Setting(
            label = "IP",
            split = ",",
            meaning =
                "DNS servers every node is told by DHCP (option 6), with --dns-domain as its"
                    + " domain (option 15).")
        List<String> dhcpDnsServers,
    @Setting(
            label = "DOMAIN",
            defaultValue = "cluster",
            meaning = "Domain of node host names (DHCP, DNS records, 'lui dns render').")
        Optional<String> dnsDomain,
    @Setting(
            label = "HOST:PORT",
            meaning =
                "DNS server that resolves node host names (in --dns-domain) when define-node has"
                    + " no --ip.")
        Optional<String> dnsServer,
    @Setting(
            label = "FILE",
            meaning =
                "A BIND key file (tsig-keygen output): keep the nodes' A and PTR records up to"
                    + " date at --dns-server with RFC 2136 updates signed with it.")
        Optional<Path> dnsUpdateKey,
    @Setting(
            label = "DIR",
            defaultText = "STATE/bmc-secrets",
            meaning =
                "BMC passwords for 'lui power' and 'lui install --power-cycle': a file per BMC"
                    + " host (as --bmc writes it), else 'default'; one line each, mode 0600 (a"
                    + " file others may read is refused). Created 0700 when missing. Passwords"
                    + " never reach the store, the API, a log or a command line.")
        Optional<Path> bmcSecrets,
    @Setting(
            label = "N",
            defaultText = "ipmitool asks the BMC",
            meaning =
                "The IPMI RMCP+ cipher suite (ipmitool -C), e.g. 3 (SHA1, AES); BMCs that do not"
                    + " answer ipmitool's question for their suites (ipmi_sim) need it.")
        Optional<Integer> bmcCipherSuite,
    @Setting(
            label = "SECONDS",
            defaultValue = "2",
            meaning =
                "ipmitool's first timeout (-N); with --bmc-retries it bounds how long an"
                    + " unreachable BMC takes to fail (2 and 2: 10 s).")
        Optional<Integer> bmcTimeout,
    @Setting(label = "N", defaultValue = "2", meaning = "ipmitool's tries of each request (-R).")
        Optional<Integer> bmcRetries,
    @Setting(
            label = "DURATION",
            defaultValue = "20m",
            meaning =
                "A node a wave powered on (install --power-cycle --max-active/--wave) whose agent"
                    + " has not called this long after is failed ('no agent call within 20m of"
                    + " power-on'), which frees its place in the wave. Like 90s, 5m, 1h.")
        Optional<String> bootTimeout,
    @Setting(
            label = "DURATION",
            defaultValue = "5m",
            meaning =
                "A wave pauses (powers on no more of its nodes) while one of its booting nodes was"
                    + " served no boot file (TFTP or HTTP) this long after its power-on. Shorter"
                    + " than --boot-timeout.")
        Optional<String> waveStallAfter,
    @Setting(
            label = "N",
            defaultValue = "3",
            meaning =
                "A wave pauses while its booting nodes have this many failed boot-file transfers"
                    + " (TFTP error, refusal or timeout) since their power-on. 'lui install"
                    + " --resume' goes on regardless; docs/batch.md.")
        Optional<Integer> wavePauseFailures) {}
