//! Email addresses as mail is sent to them: the domain IDNA-encoded
//! (`ase@tromsø.kommune.no` → `ase@xn--troms-zua.kommune.no`), so that a
//! server without SMTPUTF8 accepts the envelope and headers stay ASCII.

use std::fmt;

/// Why an address cannot be mailed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// No `@`, or nothing before or after it.
    #[error("not an email address")]
    Malformed,
    /// The domain is not a valid (internationalised) domain name.
    #[error("invalid domain")]
    InvalidDomain,
    /// The part before `@` is not a valid local part.
    #[error("invalid local part")]
    InvalidLocalPart,
}

/// A valid address with its domain in ASCII (punycode) form. The local part
/// is kept as given: a non-ASCII local part needs an SMTPUTF8 server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAddress {
    local: String,
    domain: String,
}

impl MailAddress {
    /// Parses and normalises an address: trimmed, domain lower-cased and
    /// IDNA-encoded (UTS 46). This is the one rule for what an address is:
    /// registrations, sign-in and contacts accept exactly what the mailer
    /// can send to ([`crate::service::validate::parse_email`] defers here).
    ///
    /// Beyond what SMTP allows: a domain with a dot (no intranet hosts),
    /// a local part of at most 64 and an address of at most 254 octets
    /// (RFC 5321 4.5.3.1), no whitespace, control characters, `<`, `>` or
    /// `,` (which would make one field read as several addresses).
    pub fn parse(input: &str) -> Result<Self, AddressError> {
        let input = input.trim();
        if input.len() > 254
            || input
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ','))
        {
            return Err(AddressError::Malformed);
        }
        let (local, domain) = input.rsplit_once('@').ok_or(AddressError::Malformed)?;
        if local.is_empty() || domain.is_empty() || local.len() > 64 {
            return Err(AddressError::Malformed);
        }
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(AddressError::InvalidDomain);
        }
        let domain = idna::domain_to_ascii(domain).map_err(|_| AddressError::InvalidDomain)?;
        let address = lettre::Address::new(local, &domain).map_err(|err| match err {
            lettre::address::AddressError::InvalidUser => AddressError::InvalidLocalPart,
            _ => AddressError::InvalidDomain,
        })?;
        Ok(Self {
            local: address.user().to_owned(),
            domain: address.domain().to_owned(),
        })
    }

    /// The domain, ASCII.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Whether the whole address is ASCII (any SMTP server takes it).
    pub fn is_ascii(&self) -> bool {
        self.local.is_ascii()
    }

    /// The address for lettre.
    pub fn to_lettre(&self) -> Result<lettre::Address, AddressError> {
        lettre::Address::new(&self.local, &self.domain).map_err(|_| AddressError::Malformed)
    }
}

impl fmt::Display for MailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.domain)
    }
}

/// A mailbox as written in `MAIL_FROM` or `MAIL_REPLY_TO`: `Name <address>` or
/// a bare address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedAddress {
    /// Display name, if any.
    pub name: Option<String>,
    /// The address.
    pub address: MailAddress,
}

impl NamedAddress {
    /// Parses `Name <address>`, `"Name" <address>` or `address`.
    pub fn parse(input: &str) -> Result<Self, AddressError> {
        let input = input.trim();
        match (input.rfind('<'), input.ends_with('>')) {
            (Some(open), true) => {
                let name = input[..open].trim().trim_matches('"').trim();
                let address = MailAddress::parse(&input[open + 1..input.len() - 1])?;
                Ok(Self {
                    name: (!name.is_empty()).then(|| name.to_owned()),
                    address,
                })
            }
            _ => Ok(Self {
                name: None,
                address: MailAddress::parse(input)?,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_domains_become_punycode() {
        let address = MailAddress::parse(" ase@Tromsø.Kommune.no ").expect("valid");
        assert_eq!(address.to_string(), "ase@xn--troms-zua.kommune.no");
        assert!(address.is_ascii());
        let address = MailAddress::parse("kontakt@göteborg.se").expect("valid");
        assert_eq!(address.domain(), "xn--gteborg-90a.se");
    }

    #[test]
    fn local_parts_stay_as_given() {
        let address = MailAddress::parse("åsa@example.se").expect("valid");
        assert!(!address.is_ascii());
        assert_eq!(address.to_string(), "åsa@example.se");
    }

    #[test]
    fn garbage_is_refused() {
        assert_eq!(MailAddress::parse("nobody"), Err(AddressError::Malformed));
        assert_eq!(MailAddress::parse("@x.se"), Err(AddressError::Malformed));
        assert_eq!(MailAddress::parse("a@"), Err(AddressError::Malformed));
        assert!(MailAddress::parse("a b@x.se").is_err());
        assert!(MailAddress::parse("a@-x-.se").is_err());
        assert_eq!(MailAddress::parse("a@b"), Err(AddressError::InvalidDomain));
        assert!(MailAddress::parse("a@b.se, c@d.se").is_err());
        assert!(MailAddress::parse(&format!("{}@x.se", "a".repeat(65))).is_err());
        assert!(MailAddress::parse("\"a\"@x.se.").is_err());
    }

    #[test]
    fn named_addresses() {
        let from = NamedAddress::parse("Träffpunkt <noreply@träffpunkt.se>").expect("valid");
        assert_eq!(from.name.as_deref(), Some("Träffpunkt"));
        assert_eq!(from.address.to_string(), "noreply@xn--trffpunkt-w2a.se");
        let bare = NamedAddress::parse("noreply@example.se").expect("valid");
        assert_eq!(bare.name, None);
        let quoted = NamedAddress::parse("\"GR, Socialchefer\" <a@b.se>").expect("valid");
        assert_eq!(quoted.name.as_deref(), Some("GR, Socialchefer"));
    }
}
