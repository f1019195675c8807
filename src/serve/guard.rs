//! Which requests the development server answers at all: those addressed to
//! it by a name that cannot be rebound to another machine's address.
//!
//! A web page on another site can make the browser send requests to
//! `127.0.0.1:1111` under a name the attacker controls (DNS rebinding:
//! `evil.example` first resolves to the attacker, then to 127.0.0.1). The
//! browser then treats the answers as the attacker's own and lets its script
//! read them: drafts, and build errors that quote source lines. Such a
//! request still carries `Host: evil.example`, so only these hosts are
//! answered, with no port or the port the server listens on:
//!
//! - `localhost`, and any loopback address (`127.0.0.1`, `[::1]`);
//! - the address given with `--bind`; when that is `0.0.0.0` or `[::]`,
//!   any IP address (a browser cannot rebind a bare address).
//!
//! Other hosts get `421 Misdirected Request`; a request without a Host gets
//! `400`. The event stream (live reload and build errors) also refuses a
//! request whose `Origin` is not one of the hosts above (`403`), since
//! `EventSource` may be opened from any page.

use std::net::IpAddr;

/// The hosts the server answers to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostPolicy {
    /// The `--bind` address.
    pub bind: IpAddr,
    /// The port the server listens on.
    pub port: u16,
}

impl HostPolicy {
    /// Whether a `Host` header value (`127.0.0.1:1111`, `[::1]`,
    /// `localhost`) names this server.
    pub(crate) fn allows_host(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|p| p != self.port) {
            return false;
        }
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        ip.is_loopback() || ip == self.bind || self.bind.is_unspecified()
    }

    /// Whether an `Origin` header value (`http://127.0.0.1:1111`) is a page
    /// served by this server. `null` (sandboxed frames, files) is not.
    pub(crate) fn allows_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .filter(|rest| !rest.contains('/'))
            .is_some_and(|host| self.allows_host(host))
    }
}

/// `name[:port]` or `[v6][:port]` → (name, port); `None` if malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    if host.is_empty() || host.contains(['/', '@', ' ', '\\']) {
        return None;
    }
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (inside, port)
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> HostPolicy {
        HostPolicy {
            bind: "127.0.0.1".parse().unwrap(),
            port: 1111,
        }
    }

    #[test]
    fn only_local_names_are_answered() {
        let p = local();
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "localhost.",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(p.allows_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1:2222",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.5:1111",
            "",
            "[::1",
            "user@127.0.0.1",
        ] {
            assert!(!p.allows_host(bad), "{bad}");
        }
    }

    #[test]
    fn an_explicit_bind_address_is_answered() {
        let p = HostPolicy {
            bind: "192.168.1.5".parse().unwrap(),
            port: 8080,
        };
        assert!(p.allows_host("192.168.1.5:8080"));
        assert!(!p.allows_host("192.168.1.6:8080"));
        let any = HostPolicy {
            bind: "0.0.0.0".parse().unwrap(),
            port: 8080,
        };
        assert!(any.allows_host("10.0.0.7:8080"));
        assert!(!any.allows_host("evil.example:8080"));
    }

    #[test]
    fn origins_must_be_this_server() {
        let p = local();
        assert!(p.allows_origin("http://127.0.0.1:1111"));
        assert!(p.allows_origin("http://localhost:1111"));
        assert!(!p.allows_origin("http://evil.example"));
        assert!(!p.allows_origin("https://127.0.0.1:1111"));
        assert!(!p.allows_origin("null"));
        assert!(!p.allows_origin("http://127.0.0.1:1111/x"));
    }
}
