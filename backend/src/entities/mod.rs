//! sea-orm entities, one per table. Enums are stored as their wire names
//! (`atelier_api::Role::as_str`) in text columns so both databases agree.

pub mod audit_log;
pub mod ballot;
pub mod challenge;
pub mod challenge_template;
pub mod challenge_winner;
pub mod content_translation;
pub mod email_verification;
pub mod expert_application;
pub mod gallery_shuffle;
pub mod media;
pub mod order_event;
pub mod payment_event;
pub mod poll;
pub mod poll_invite;
pub mod poll_option;
pub mod refresh_token;
pub mod submission;
pub mod submission_tag;
pub mod template;
pub mod template_colour;
pub mod template_download;
pub mod template_file;
pub mod template_licence;
pub mod template_order;
pub mod template_preview;
pub mod template_tag;
pub mod template_use;
pub mod template_view;
pub mod user;
pub mod vote;
pub mod vote_discount;
pub mod vote_flag;
