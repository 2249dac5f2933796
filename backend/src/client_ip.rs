//! The client's address, for per-IP limits and vote-abuse signals.
//!
//! Forwarding headers (`Forwarded`, RFC 7239, else `X-Forwarded-For`) are
//! honoured only when the TCP peer is a configured trusted proxy
//! (`http.trusted_proxies`): the chain is walked right to left, skipping
//! trusted hops, and the first untrusted address is the client. A client
//! that is not a trusted proxy gets its peer address whatever it sends.
//! A hop that cannot be parsed (`unknown`, an obfuscated name, garbage)
//! stops the walk at the last trusted hop, so a forged value never becomes
//! a fresh identity.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use actix_web::{HttpRequest, web};
use anyhow::Context;
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `http.trusted_proxies`: addresses (`10.0.0.5`, `::1`) or CIDR
    /// blocks (`10.0.0.0/8`, `fd00::/8`).
    pub fn parse(entries: &[String]) -> anyhow::Result<TrustedProxies> {
        entries
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty())
            .map(|e| {
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .with_context(|| format!("http.trusted_proxies: {e:?} is not an IP or CIDR"))
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(TrustedProxies)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`, given the request's `Forwarded` and
    /// `X-Forwarded-For` header lines (in order of appearance).
    pub fn resolve(&self, peer: IpAddr, forwarded: &[&str], x_forwarded_for: &[&str]) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.contains(client) {
            return client;
        }
        let hops: Vec<Option<IpAddr>> = if forwarded.iter().any(|v| !v.trim().is_empty()) {
            forwarded.iter().flat_map(|v| parse_forwarded(v)).collect()
        } else {
            x_forwarded_for
                .iter()
                .flat_map(|v| v.split(','))
                .filter(|h| !h.trim().is_empty())
                .map(parse_node)
                .collect()
        };
        for hop in hops.into_iter().rev() {
            match hop {
                Some(ip) => {
                    client = ip;
                    if !self.contains(ip) {
                        return ip;
                    }
                }
                None => return client,
            }
        }
        client
    }
}

/// The `for=` node of each element of a `Forwarded` header value, in order;
/// `None` for an element whose node is not an address.
fn parse_forwarded(value: &str) -> Vec<Option<IpAddr>> {
    split_outside_quotes(value, ',')
        .into_iter()
        .filter(|element| !element.trim().is_empty())
        .map(|element| {
            split_outside_quotes(element, ';')
                .into_iter()
                .find_map(|pair| {
                    let (name, v) = pair.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| parse_node(v.trim().trim_matches('"')))
                })
                .flatten()
        })
        .collect()
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

/// `1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]` or
/// `[2001:db8::1]:80`.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Some(rest) = node.strip_prefix('[') {
        let (addr, _) = rest.split_once(']')?;
        return addr
            .parse::<Ipv6Addr>()
            .ok()
            .map(|ip| IpAddr::V6(ip).to_canonical());
    }
    node.parse::<IpAddr>()
        .ok()
        .or_else(|| node.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// The client address of a request (see the module doc), if the peer is known.
pub fn client_addr(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let Some(state) = req.app_data::<web::Data<crate::state::AppState>>() else {
        return Some(peer.to_canonical());
    };
    let lines = |name: &str| -> Vec<&str> {
        req.headers()
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .collect()
    };
    Some(
        state
            .trusted_proxies
            .resolve(peer, &lines("forwarded"), &lines("x-forwarded-for")),
    )
}

/// The client address as text (`unknown` without a peer).
pub fn client_ip(req: &HttpRequest) -> String {
    client_addr(req).map_or_else(|| "unknown".into(), |ip| ip.to_string())
}

/// The bucket a client is rate-limited in: its IPv4 address, or its IPv6
/// /64 (one subscriber usually holds a whole /64 and can rotate within it).
pub fn rate_limit_bucket(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{net}/64")
        }
    }
}

/// The rate-limit bucket of a request's client.
pub fn client_bucket(req: &HttpRequest) -> String {
    client_addr(req).map_or_else(|| "unknown".into(), rate_limit_bucket)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn trusted_proxies_accept_addresses_and_cidrs_and_refuse_garbage() {
        let p = proxies(&["10.0.0.0/8", "192.0.2.7", "fd00::/8", "::1"]);
        assert!(p.contains(ip("10.1.2.3")));
        assert!(p.contains(ip("192.0.2.7")));
        assert!(!p.contains(ip("192.0.2.8")));
        assert!(p.contains(ip("fd12::1")));
        assert!(p.contains(ip("::1")));
        assert!(p.contains(ip("::ffff:10.9.9.9")), "IPv4-mapped peers");
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.internal".into()]).is_err());
    }

    #[test]
    fn an_untrusted_peer_gets_its_own_address_whatever_it_sends() {
        let none = TrustedProxies::default();
        let peer = ip("203.0.113.9");
        assert_eq!(none.resolve(peer, &[], &["198.51.100.1"]), peer);
        assert_eq!(none.resolve(peer, &["for=198.51.100.1"], &[]), peer);
        let p = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            p.resolve(peer, &["for=198.51.100.1"], &["198.51.100.1, 10.0.0.1"]),
            peer,
            "a client that is not a proxy cannot pick its address"
        );
    }

    #[test]
    fn the_chain_is_walked_right_to_left_skipping_trusted_hops() {
        let p = proxies(&["10.0.0.0/8"]);
        let peer = ip("10.0.0.2");
        // The leftmost entry is whatever the client claimed; the first
        // untrusted hop from the right is the address our proxy saw.
        assert_eq!(
            p.resolve(peer, &[], &["1.1.1.1, 198.51.100.4, 10.0.0.1"]),
            ip("198.51.100.4")
        );
        assert_eq!(
            p.resolve(peer, &[], &["1.1.1.1", "198.51.100.4"]),
            ip("198.51.100.4"),
            "several header lines form one list"
        );
        assert_eq!(p.resolve(peer, &[], &[]), peer, "no header: the proxy");
        assert_eq!(
            p.resolve(peer, &[], &["10.0.0.9, 10.0.0.8"]),
            ip("10.0.0.9"),
            "all hops trusted: the leftmost"
        );
        assert_eq!(
            p.resolve(peer, &[], &["198.51.100.4, not-an-ip"]),
            peer,
            "garbage stops the walk at the last trusted hop"
        );
        assert_eq!(
            p.resolve(peer, &[], &["198.51.100.4:5555"]),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn forwarded_is_preferred_and_parsed_per_rfc_7239() {
        let p = proxies(&["10.0.0.0/8"]);
        let peer = ip("10.0.0.2");
        assert_eq!(
            p.resolve(
                peer,
                &[r#"for=192.0.2.43;proto=https, For="[2001:db8:cafe::17]:4711";by=10.0.0.1"#],
                &["198.51.100.77"]
            ),
            ip("2001:db8:cafe::17")
        );
        assert_eq!(
            p.resolve(peer, &["for=192.0.2.60;proto=http;by=203.0.113.43"], &[]),
            ip("192.0.2.60")
        );
        assert_eq!(
            p.resolve(peer, &["for=198.51.100.3, for=unknown"], &[]),
            peer,
            "an unknown hop stops the walk"
        );
        assert_eq!(
            p.resolve(peer, &["for=_hidden, for=10.0.0.7"], &[]),
            ip("10.0.0.7"),
            "an obfuscated node stops at the last trusted hop"
        );
        assert_eq!(
            p.resolve(peer, &[r#"for="198.51.100.3;x", for=10.0.0.7"#], &[]),
            ip("10.0.0.7")
        );
    }

    #[test]
    fn ipv6_clients_are_bucketed_by_their_64() {
        assert_eq!(
            rate_limit_bucket(ip("2001:db8:1:2:aaaa::1")),
            rate_limit_bucket(ip("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
        );
        assert_ne!(
            rate_limit_bucket(ip("2001:db8:1:2::1")),
            rate_limit_bucket(ip("2001:db8:1:3::1"))
        );
        assert_eq!(
            rate_limit_bucket(ip("2001:db8:1:2::1")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(rate_limit_bucket(ip("198.51.100.7")), "198.51.100.7");
        assert_eq!(rate_limit_bucket(ip("::ffff:198.51.100.7")), "198.51.100.7");
    }
}
