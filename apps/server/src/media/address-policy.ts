import ipaddr from 'ipaddr.js';

/** Decides whether the fetcher may connect to an address (already resolved, never a host name) and port. */
export type AddressPolicy = (address: string, port: number) => boolean;

/** NAT64 prefixes (RFC 6052 64:ff9b::/96, RFC 8215 64:ff9b:1::/48): the last 32 bits are an IPv4 address. */
const nat64 = ['64:ff9b::/96', '64:ff9b:1::/48'].map((cidr) => ipaddr.IPv6.parseCIDR(cidr));

/**
 * ::/8 is reserved by the IETF; it holds the deprecated IPv4-compatible form (::a.b.c.d, what the URL parser
 * makes of `[::127.0.0.1]`), which ipaddr.js calls plain unicast. Nothing public lives there [M19].
 */
const reservedZero = ipaddr.IPv6.parseCIDR('::/8');

function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const p = address.parts;
  return new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
}

/**
 * Whether an address is ordinary public unicast. Refuses loopback, RFC 1918 private, CGNAT 100.64/10,
 * link-local (169.254/16 with the cloud metadata address, fe80::/10), unique-local fc00::/7, unspecified,
 * broadcast, multicast, documentation, benchmarking and other reserved ranges, 6to4 and Teredo; IPv4-mapped
 * IPv6 (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses are judged by the IPv4 address they carry.
 * Anything that does not parse as an IP address is refused.
 * @example isPublicAddress('169.254.169.254') // false
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns ::ffff:a.b.c.d into a.b.c.d.
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (nat64.some((range) => v6.match(range))) return isPublicAddress(embeddedIPv4(v6).toString());
    if (v6.match(reservedZero)) return false;
    return v6.range() === 'unicast';
  }
  return parsed.range() === 'unicast';
}

/** The production policy: public unicast addresses only, on any port. */
export const publicAddressesOnly: AddressPolicy = (address) => isPublicAddress(address);
