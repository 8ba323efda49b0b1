//! Where a webhook may go. Outbound requests must never reach the server's
//! own network by accident: an endpoint's URL is refused when its host is a
//! private, loopback, link-local, unspecified or multicast address (or
//! resolves to one), unless the deployment allows it
//! (`WEBHOOKS_ALLOW_PRIVATE`); plain `http://` is allowed only then too.
//! The worker checks again at every delivery, resolving the name itself
//! (see `worker`'s resolver), so that a name that later resolves to a
//! private address (DNS rebinding) is refused too.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use reqwest::Url;

/// Why a URL is not a webhook target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not an absolute URL.
    #[error("not a valid URL")]
    Invalid,
    /// Not `https://` (or `http://` where allowed).
    #[error("the URL must start with https://")]
    Scheme,
    /// Credentials in the URL would be sent to whoever answers.
    #[error("the URL must not carry a user name or password")]
    Credentials,
    /// The host is (or resolves to) an address of a private network.
    #[error("the URL points to a private, loopback or link-local address")]
    Private,
    /// The host name does not resolve.
    #[error("the host name does not resolve")]
    Unresolved,
}

/// A checked endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target(Url);

impl Target {
    /// Checks `url` without resolving it: the scheme, no credentials, and
    /// an address literal that is public unless `allow_private`.
    pub fn parse(url: &str, allow_private: bool) -> Result<Self, TargetError> {
        let parsed = Url::parse(url.trim()).map_err(|_| TargetError::Invalid)?;
        match parsed.scheme() {
            "https" => {}
            "http" if allow_private => {}
            _ => return Err(TargetError::Scheme),
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(TargetError::Credentials);
        }
        match parsed.host() {
            None => return Err(TargetError::Invalid),
            Some(url::Host::Domain(name)) => {
                if !allow_private && is_local_name(name) {
                    return Err(TargetError::Private);
                }
            }
            Some(url::Host::Ipv4(ip)) => {
                if !allow_private && forbidden_ip(IpAddr::V4(ip)) {
                    return Err(TargetError::Private);
                }
            }
            Some(url::Host::Ipv6(ip)) => {
                if !allow_private && forbidden_ip(IpAddr::V6(ip)) {
                    return Err(TargetError::Private);
                }
            }
        }
        Ok(Self(parsed))
    }

    /// Checks `url` like [`Target::parse`] and also resolves its host name:
    /// every address it resolves to must be public unless `allow_private`.
    pub async fn resolve(url: &str, allow_private: bool) -> Result<Self, TargetError> {
        let target = Self::parse(url, allow_private)?;
        if allow_private {
            return Ok(target);
        }
        if let Some(url::Host::Domain(name)) = target.0.host() {
            let port = target.0.port_or_known_default().unwrap_or(443);
            let addrs: Vec<_> = tokio::net::lookup_host((name, port))
                .await
                .map_err(|_| TargetError::Unresolved)?
                .collect();
            if addrs.is_empty() {
                return Err(TargetError::Unresolved);
            }
            if addrs.iter().any(|addr| forbidden_ip(addr.ip())) {
                return Err(TargetError::Private);
            }
        }
        Ok(target)
    }

    /// The URL.
    pub fn url(&self) -> &Url {
        &self.0
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Names that mean this machine or its network whatever DNS says.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.ends_with(".local")
        || name.ends_with(".internal")
}

/// Whether `ip` belongs to the server's own network (or nobody's): the
/// addresses a webhook must not reach unless the deployment allows it.
pub fn forbidden_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => forbidden_v4(ip),
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return forbidden_v4(v4);
            }
            forbidden_v6(ip)
        }
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        // Carrier-grade NAT (100.64.0.0/10) and reserved (240.0.0.0/4).
        || (a == 100 && (64..128).contains(&b))
        || a >= 240
        // Benchmarking (198.18.0.0/15).
        || (a == 198 && (b == 18 || b == 19))
}

fn forbidden_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Unique local (fc00::/7) and link-local (fe80::/10).
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        // Documentation (2001:db8::/32).
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        // IPv4-compatible and NAT64 forms carry an IPv4 address: refuse them
        // rather than decode every form.
        || ip.to_ipv4().is_some_and(forbidden_v4)
        || (first == 0x0064 && ip.segments()[1] == 0xff9b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_refused_unless_allowed() {
        for url in [
            "https://127.0.0.1/hook",
            "https://10.1.2.3/",
            "https://192.168.0.1/",
            "https://172.16.0.1/",
            "https://169.254.169.254/latest/meta-data",
            "https://0.0.0.0/",
            "https://[::1]/",
            "https://[fe80::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://224.0.0.1/",
            "https://localhost/",
            "https://db.internal/",
        ] {
            assert_eq!(
                Target::parse(url, false),
                Err(TargetError::Private),
                "{url}"
            );
            assert!(Target::parse(url, true).is_ok(), "{url}");
        }
        assert!(Target::parse("https://93.184.216.34/hook", false).is_ok());
        assert!(Target::parse("https://hooks.example.com/x", false).is_ok());
    }

    #[test]
    fn http_only_where_private_addresses_are_allowed() {
        assert_eq!(
            Target::parse("http://hooks.example.com/", false),
            Err(TargetError::Scheme)
        );
        assert!(Target::parse("http://127.0.0.1:9/", true).is_ok());
        assert_eq!(
            Target::parse("ftp://example.com/", true),
            Err(TargetError::Scheme)
        );
        assert_eq!(Target::parse("no url", true), Err(TargetError::Invalid));
        assert_eq!(
            Target::parse("https://u:p@example.com/", true),
            Err(TargetError::Credentials)
        );
    }
}
