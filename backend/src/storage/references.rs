//! The one registry of where rows refer to stored objects, and of the key
//! prefixes the app writes under.
//!
//! Naming rule: a database column holds an object-store key if and only if
//! its name ends in `_key`. Every such column is listed in
//! [`STORE_KEY_COLUMNS`], or in [`NOT_STORE_KEYS`] with the reason it holds
//! something else. A test walks the live schema of SQLite and PostgreSQL and
//! fails when a `_key` column is in neither list, so a new feature that
//! stores objects cannot forget to tell the sweeper: the sweeper keeps
//! exactly the keys these columns hold and removes every other object (older
//! than the grace period) under [`Prefix::ALL`].
//!
//! Every key the app writes starts with one of the prefixes; the builders
//! below are the places keys are made.

/// `(table, column)` of every column whose values are object-store keys.
pub const STORE_KEY_COLUMNS: &[(&str, &str)] = &[
    ("media", "original_key"),
    ("media", "display_key"),
    ("media", "thumb_key"),
    ("challenges", "cover_key"),
    ("users", "avatar_key"),
    ("poll_options", "image_key"),
    ("template_files", "file_key"),
];

/// `(table, column, why)` of columns ending in `_key` that are not store
/// keys (idempotency keys, ...).
pub const NOT_STORE_KEYS: &[(&str, &str, &str)] = &[
    (
        "template_orders",
        "idempotency_key",
        "the buyer's key that makes a retried order one order",
    ),
    (
        "order_events",
        "idempotency_key",
        "makes each transition of an order happen once",
    ),
    (
        "template_licences",
        "grant_key",
        "one licence per order or per free template and member",
    ),
    (
        "ledger_transfers",
        "idempotency_key",
        "makes each posting to the ledger happen once (source, id and purpose)",
    ),
];

/// The top-level folders of the store. The sweeper lists all of them; the
/// public media route serves only the public ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// Profile pictures: `avatars/<user id>/<uuid>.jpg`.
    Avatars,
    /// Challenge covers: `covers/<challenge id>/<uuid>.<ext>`.
    Covers,
    /// Public renditions of entries (`media/<uuid>/display|thumb.<ext>`)
    /// and poll-option images (`media/poll-<id>-<uuid>/display.<ext>`).
    /// Entries stored before originals moved kept `media/<uuid>/original.<ext>`.
    Media,
    /// Entry originals: `originals/<uuid>/original.<ext>`, a random folder
    /// shared with no rendition. Served only through `/entries/{id}/original`.
    Originals,
    /// Template source files: `sources/<uuid>/source.<ext>`. Private: only
    /// a short-lived signed link (a presigned URL with S3) reaches them.
    Sources,
}

impl Prefix {
    pub const ALL: [Prefix; 5] = [
        Prefix::Avatars,
        Prefix::Covers,
        Prefix::Media,
        Prefix::Originals,
        Prefix::Sources,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Prefix::Avatars => "avatars/",
            Prefix::Covers => "covers/",
            Prefix::Media => "media/",
            Prefix::Originals => "originals/",
            Prefix::Sources => "sources/",
        }
    }

    /// Whether anyone may read objects under this prefix through
    /// `GET /api/v1/media/{key}`.
    pub fn is_public(self) -> bool {
        !matches!(self, Prefix::Originals | Prefix::Sources)
    }

    /// The prefix a key lives under, if it is one the app writes.
    pub fn of(key: &str) -> Option<Prefix> {
        Prefix::ALL
            .into_iter()
            .find(|p| key.starts_with(p.as_str()))
    }
}

fn fresh() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A new original's key: its own random folder, so no rendition's key tells
/// where it is.
pub fn original_key(ext: &str) -> String {
    format!("{}{}/original.{ext}", Prefix::Originals.as_str(), fresh())
}

/// A new folder for an entry's public renditions (`<dir>/display.<ext>`).
pub fn rendition_dir() -> String {
    format!("{}{}", Prefix::Media.as_str(), fresh())
}

/// A challenge cover's key.
pub fn cover_key(challenge_id: i64, ext: &str) -> String {
    format!(
        "{}{challenge_id}/{}.{ext}",
        Prefix::Covers.as_str(),
        fresh()
    )
}

/// A poll option's image key.
pub fn poll_option_key(poll_id: i64, ext: &str) -> String {
    format!(
        "{}poll-{poll_id}-{}/display.{ext}",
        Prefix::Media.as_str(),
        fresh()
    )
}

/// A template source file's key: its own random folder under the private
/// `sources/` prefix (the name people see is kept in the row).
pub fn source_key(ext: &str) -> String {
    format!("{}{}/source.{ext}", Prefix::Sources.as_str(), fresh())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_key_is_valid_and_under_a_listed_prefix() {
        for key in [
            original_key("jpg"),
            format!("{}/display.webp", rendition_dir()),
            cover_key(7, "webp"),
            poll_option_key(3, "webp"),
            source_key("svg"),
        ] {
            assert!(crate::storage::validate_key(&key).is_ok(), "{key}");
            assert!(Prefix::of(&key).is_some(), "{key}");
        }
        assert_eq!(Prefix::of(&original_key("png")), Some(Prefix::Originals));
        assert!(!Prefix::Originals.is_public());
        assert_eq!(Prefix::of(&source_key("zip")), Some(Prefix::Sources));
        assert!(!Prefix::Sources.is_public());
        assert_eq!(Prefix::of("elsewhere/x"), None);
    }

    #[test]
    fn an_original_shares_no_folder_with_renditions() {
        let dir = rendition_dir();
        let original = original_key("jpg");
        assert!(!original.starts_with(&dir));
        assert_ne!(original_key("jpg"), original);
    }

    #[test]
    fn the_registry_names_each_column_once() {
        let mut all: Vec<(&str, &str)> = STORE_KEY_COLUMNS.to_vec();
        all.extend(NOT_STORE_KEYS.iter().map(|(t, c, _)| (*t, *c)));
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        assert!(all.iter().all(|(_, c)| c.ends_with("_key")));
    }
}
