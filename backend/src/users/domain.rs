//! Parse, don't validate: request fields become these types or a clear error.

use atelier_api::rules;

use crate::error::ApiError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Trimmed and lower-cased; one `@`, a dotted domain, no spaces.
    pub fn parse(raw: &str) -> Result<Email, ApiError> {
        let e = raw.trim().to_lowercase();
        let valid = e.len() <= 254
            && !e.chars().any(|c| c.is_whitespace() || c.is_control())
            && match e.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Email(e))
        } else {
            Err(ApiError::validation("email is not a valid address").code("invalid_email"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(String);

impl Handle {
    /// 3 to 30 of `a-z 0-9 _`, lower-cased, starting with a letter or digit.
    pub fn parse(raw: &str) -> Result<Handle, ApiError> {
        let h = raw.trim().to_lowercase();
        if rules::handle_is_valid(&h) {
            Ok(Handle(h))
        } else {
            Err(ApiError::validation(
                "handle must be 3-30 characters of a-z, 0-9 and _, not starting with _",
            )
            .code("invalid_handle"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, ApiError> {
        let d = raw.trim();
        let n = d.chars().count();
        if (1..=rules::DISPLAY_NAME_MAX_CHARS).contains(&n) && !d.chars().any(char::is_control) {
            Ok(DisplayName(d.to_owned()))
        } else {
            Err(ApiError::validation("display name must be 1-60 characters")
                .code("invalid_display_name"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const MIN_PASSWORD_CHARS: usize = rules::PASSWORD_MIN_CHARS;
const MAX_PASSWORD_BYTES: usize = rules::PASSWORD_MAX_BYTES;

#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Password, ApiError> {
        if raw.chars().count() < MIN_PASSWORD_CHARS {
            return Err(ApiError::validation(format!(
                "password must be at least {MIN_PASSWORD_CHARS} characters"
            ))
            .code("weak_password")
            .variant("too-short")
            .arg("min", MIN_PASSWORD_CHARS));
        }
        if raw.len() > MAX_PASSWORD_BYTES {
            return Err(ApiError::validation("password must be at most 256 bytes")
                .code("weak_password")
                .variant("too-long")
                .arg("max", MAX_PASSWORD_BYTES));
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const MAX_BIO_CHARS: usize = rules::BIO_MAX_CHARS;

/// A profile's bio: trimmed, at most [`MAX_BIO_CHARS`] characters.
pub fn parse_bio(raw: &str) -> Result<String, ApiError> {
    parse_bio_between(raw, 0, MAX_BIO_CHARS)
}

/// A bio of `min..=max` characters, trimmed; `invalid_bio` says whether it
/// is too short or too long.
pub fn parse_bio_between(raw: &str, min: usize, max: usize) -> Result<String, ApiError> {
    let b = raw.trim();
    match rules::bio_problem(b.chars().count(), min, max) {
        None => Ok(b.to_owned()),
        Some(reason) => Err(ApiError::validation(if reason == "too-short" {
            format!("the bio must have at least {min} characters")
        } else {
            format!("the bio must be at most {max} characters")
        })
        .code("invalid_bio")
        .variant(reason)
        .arg("min", min)
        .arg("max", max)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            Email::parse("  Mei@Example.COM ").unwrap().as_str(),
            "mei@example.com"
        );
        for bad in [
            "", "no-at", "a@b", "a@@b.c", "a b@c.d", "@c.d", "a@.c", "a@c.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn handles_are_lowercase_word_characters() {
        assert_eq!(Handle::parse("Mei_Lin").unwrap().as_str(), "mei_lin");
        for bad in ["ab", "_mei", "mei lin", "mei-lin", "梅", &"a".repeat(31)] {
            assert!(Handle::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_names_allow_any_script() {
        assert_eq!(DisplayName::parse(" 林美 ").unwrap().as_str(), "林美");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(61)).is_err());
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(Password::parse("123456789").is_err());
        assert!(Password::parse("1234567890").is_ok());
        // Characters, not bytes: ten CJK characters are enough.
        assert!(Password::parse("密碼密碼密碼密碼密碼").is_ok());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        assert_eq!(
            format!("{:?}", Password::parse("secretsecret").unwrap()),
            "Password(..)"
        );
    }
}
