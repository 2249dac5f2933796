//! Payouts: creator payout settings (details encrypted at rest), payout runs per period, withholding tax, approval, paid and failed.
//!
//! - [`settings`]: what a creator saves (method, details, residency,
//!   threshold); every save is a new row, the details encrypted by
//!   [`crypto`] and only a hint and the account name shown back.
//! - [`run`]: a run per ended period (Asia/Taipei months) reserves each
//!   eligible creator's available balance with a pending ledger transfer
//!   (`payout:<id>`: Creator +gross, TaxWithheld -tax, PayoutClearing -net).
//! - [`lifecycle`]: approve, paid (the transfer is posted) and failed (it is
//!   voided; the money is available again), each with its event and audit row.
//! - [`read`]: payouts as the API shows them; [`routes`]: the handlers;
//!   [`demo`]: demo settings and a paid payout.

pub mod crypto;
pub mod demo;
pub mod lifecycle;
pub mod read;
pub mod routes;
pub mod run;
pub mod settings;

pub use lifecycle::Action;
pub use run::run;
