//! Widgets shared by several pages.

pub mod avatar;
pub mod bar_chart;
pub mod challenge_card;
pub mod content_language;
pub mod empty_state;
pub mod entry_grid;
pub mod feedback;
pub mod field;
pub mod footer;
pub mod header;
pub mod labels;
pub mod not_found;
pub mod palette_match;
pub mod ranking;
pub mod ranking_explained;
pub mod require_user;
pub mod stars;
// The template marketplace's creator side.
pub mod template_labels;
pub mod template_stats;
pub mod template_tiles;
pub mod time;
pub mod verify_banner;

pub use avatar::Avatar;
pub use bar_chart::{Bar, BarChart, BarMark};
pub use challenge_card::{ChallengeGrid, PhaseBadge, Swatches};
pub use content_language::{ContentLanguageToggle, locale_index};
pub use empty_state::{EmptyMessage, EmptyState};
pub use entry_grid::{EntryGrid, entry_alt};
pub use feedback::{
    ErrorBox, Loading, ServerExplanation, StatusMessage, WelcomeMessage, welcome_at,
};
pub use field::{Field, FormErrors, local_error};
pub use footer::Footer;
pub use header::{Header, SkipLink};
pub use labels::{role_key, status_key};
pub use not_found::{LoadError, Missing, NotFound};
pub use palette_match::PaletteMatchView;
pub use ranking::{Choice, RankingBuilder};
pub use require_user::{RequireUser, WhenRestored};
pub use stars::StarRating;
pub use time::{Countdown, LocalDate, LocalDateTime};
pub use verify_banner::VerifyEmailBanner;
