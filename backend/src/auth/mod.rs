//! Authentication: argon2id passwords, JWT access tokens, rotating refresh
//! tokens, the `CurrentUser` extractor and role guards.

pub mod password;
