//! The double-entry ledger that creator revenue share runs on.
//!
//! # Model
//!
//! - An **account** ([`accounts`]) is a kind ([`AccountKind`]), an owner (a
//!   creator for `creator_payable`, 0 for the platform's own accounts) and a
//!   currency. Accounts are created on first use and never change.
//! - A **transfer** ([`post`]) is one journal entry: two or more lines, each
//!   a signed amount in minor units on one account (debit positive, credit
//!   negative), summing to zero, all in the transfer's currency. Transfers
//!   and lines are only ever inserted: a correction is a **reversal**, a new
//!   transfer with every line negated that names what it reverses (at most
//!   once).
//! - Every transfer carries an **idempotency key** built from its source,
//!   the source's id and the purpose (`order:12:sale`, `royalty:3:2026-11:r2`,
//!   `prize:7:1`, `payout:5`). The key is unique in the database; posting a
//!   key that exists returns the existing transfer when the request is the
//!   same (same kind, currency and lines, compared by a hash) and refuses it
//!   when it differs, so a retried request or a webhook delivered twice posts
//!   once, and two concurrent identical postings make one row.
//! - **Balances** are derived from lines ([`balance`]); no balance column is
//!   updated, so postings to one account do not contend on a row.
//!
//! # What was taken from dedicated ledgers
//!
//! - From **TigerBeetle**: transfers are immutable and identified by an id
//!   the client chooses (our idempotency key), so retries are safe by
//!   construction; **two-phase transfers**: a `pending` transfer reserves
//!   amounts (its lines are `held`, counted in the account's pending balance,
//!   not its posted one), and exactly one later transfer resolves it, either
//!   `post_pending` (the held amounts become posted lines) or `void_pending`
//!   (nothing is posted; the reservation ends). A unique index on
//!   `pending_id` makes "exactly one" hold under concurrency. Payouts use
//!   this: a run reserves the creator's balance; paid posts it, failed voids
//!   it and the money is available again. Accounts keep debits and credits
//!   in one signed column rather than TigerBeetle's four counters, because
//!   the balances are sums over lines rather than stored.
//! - From **Formance**: postings name a source and a destination in a chart
//!   of accounts addressed by meaning (`creator_payable` of user 12 in TWD,
//!   like Formance's `creators:12:payable`), created implicitly on first use;
//!   each transaction carries metadata (`kind`, `source`, `memo`) that
//!   statements group by; reverting a transaction is a new transaction
//!   linked to the original, never an edit.
//! - Not taken: TigerBeetle's balance limits flags (overdraft checks happen
//!   in the payout run, under a lock on the creator's account) and
//!   Formance's Numscript (our postings are built in Rust by each source).

pub mod accounts;
pub mod balance;
pub mod period;
pub mod post;
pub mod split;

pub use accounts::{AccountRef, account_id};
pub use atelier_api::{AccountKind, TransferKind};
pub use balance::{CreatorBalance, account_balance, creator_balance};
pub use post::{LedgerError, NewTransfer, Posted, post, post_pending, resolve_pending, reverse};
pub use split::{largest_remainder, share_of};
