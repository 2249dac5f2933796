//! Entries: submission, galleries, palette matches, duplicates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Visible,
    Hidden,
    Withdrawn,
    Disqualified,
}

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Visible => "visible",
            EntryStatus::Hidden => "hidden",
            EntryStatus::Withdrawn => "withdrawn",
            EntryStatus::Disqualified => "disqualified",
        }
    }

    pub fn parse(s: &str) -> Option<EntryStatus> {
        [
            EntryStatus::Visible,
            EntryStatus::Hidden,
            EntryStatus::Withdrawn,
            EntryStatus::Disqualified,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DominantColour {
    pub hex: String,
    /// Share of the image, 0..1.
    pub share: f32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColourMatch {
    pub colour: String,
    pub share: f32,
    pub nearest: String,
    /// CIE colour difference to the nearest palette colour.
    pub delta_e: f32,
}

/// How close an image's dominant colours are to a challenge palette.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaletteMatch {
    /// 0 (unrelated) to 100 (exactly the palette).
    pub score: u8,
    pub matches: Vec<ColourMatch>,
    /// One sentence on how the score is computed.
    pub explanation: String,
}

/// An entry as a gallery card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryCard {
    pub id: i64,
    pub title: String,
    pub author_handle: String,
    pub author_display_name: String,
    pub thumbnail_url: String,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    /// 1, 2, 3...: the place staff gave it, once the results are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub winner_place: Option<i32>,
    /// In galleries, for a logged-in viewer: the stars they gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_vote: Option<i16>,
}

/// Where an entry finished, once the results are published.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    /// Its position in the published ranking (1 = best).
    pub rank: u32,
    /// How many entries were ranked.
    pub of: u32,
    /// 1, 2, 3... when staff picked it as a winner.
    pub winner_place: Option<i32>,
}

/// An entry's previous and next entries in a gallery's order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryNeighbours {
    pub previous: Option<EntryLink>,
    pub next: Option<EntryLink>,
    /// 1-based position of the entry in that order.
    pub position: u32,
    pub total: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryLink {
    pub id: i64,
    pub title: String,
}

/// Staff take an entry out of its challenge.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisqualifyRequest {
    /// 3-500 characters: audited, and shown to the entry's author.
    pub reason: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryPage {
    pub items: Vec<EntryCard>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryDetail {
    pub id: i64,
    pub challenge_slug: String,
    pub challenge_title: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub status: EntryStatus,
    pub author_handle: String,
    pub author_display_name: String,
    pub display_url: String,
    pub display_width: u32,
    pub display_height: u32,
    pub thumbnail_url: String,
    /// Only for the author and staff: `GET` it with the bearer token.
    pub original_url: Option<String>,
    pub width: u32,
    pub height: u32,
    pub colours: Vec<DominantColour>,
    /// For colour-theme challenges.
    pub palette_match: Option<PaletteMatch>,
    pub is_mine: bool,
    /// The author may still edit it.
    pub editable: bool,
    /// The author may still withdraw it: only before voting starts (a
    /// withdrawal would discard the votes others gave it).
    #[serde(default)]
    pub withdrawable: bool,
    /// Once the results are published: its rank and winning place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    /// Only for the author and staff: why staff disqualified it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// Staff only: a near-duplicate of this earlier entry is suspected.
    pub duplicate_of: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// The marketplace template it was made with, if the author named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<crate::templates::TemplateRef>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateEntryRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyEntry {
    pub entry: EntryCard,
    pub challenge_slug: String,
    pub challenge_title: String,
    pub status: EntryStatus,
    /// Why staff disqualified it, when they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyEntryList {
    pub items: Vec<MyEntry>,
}

/// A suspected near-duplicate for staff review.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateFlag {
    pub entry: EntryCard,
    pub original: EntryCard,
    /// Hamming distance of the perceptual hashes (0 = identical).
    pub distance: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateFlagList {
    pub items: Vec<DuplicateFlag>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveDuplicateRequest {
    /// true: the entry is disqualified; false: the flag is cleared.
    pub disqualify: bool,
    pub reason: String,
}
