//! Widgets shared by several pages.

pub mod avatar;
pub mod challenge_card;
pub mod feedback;
pub mod footer;
pub mod header;
pub mod labels;
pub mod require_user;
pub mod time;

pub use avatar::Avatar;
pub use challenge_card::ChallengeGrid;
pub use feedback::{ErrorBox, Loading, StatusMessage};
pub use footer::Footer;
pub use header::Header;
pub use labels::{role_key, status_key};
pub use require_user::RequireUser;
pub use time::{LocalDate, LocalDateTime};
