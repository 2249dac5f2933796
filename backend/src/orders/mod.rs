//! Orders, payments, licences and refunds for marketplace templates.
//!
//! - A free template: `POST /templates/{id}/licence` records a licence
//!   (`licences.rs`), once per member and template.
//! - A paid one: `POST /orders` writes an order once per buyer and
//!   idempotency key (`create.rs`) with its `pending` event, and asks the
//!   payment provider (`crate::payments`) to start; the provider, a webhook
//!   or staff then move it on (`events.rs`). `paid` grants the licence,
//!   `refunded` revokes it.
//!
//! # What the ledger reads
//!
//! Orders are written once and never updated; what happens to one is a row
//! in `order_events`, and the latest row is its status. A ledger posts:
//!
//! - a **sale** for every `order_events` row of kind `paid`: `amount_minor`
//!   is positive (the order's whole amount), `created_at` is when it was
//!   paid;
//! - a **reversal** for every row of kind `refunded`: `amount_minor` is the
//!   same amount, negative, `created_at` is when it was refunded.
//!
//! Each event's `order_id` leads to `template_orders`, which holds the rest,
//! as they were at order time: `currency` (ISO 4217; amounts are minor
//! units), `template_id`, `creator_id` (the template's creator, who earns the
//! sale), `buyer_id`, `licence`, `method` and `provider`. Each kind appears
//! at most once per order (the unique `idempotency_key` `order:<id>:<kind>`),
//! so a ledger that remembers the last `order_events.id` it posted can read
//! on from there and never posts a sale or a reversal twice. Free licences
//! (`template_licences` with no `order_id`) carry no money.

pub mod changes;
pub mod create;
pub mod events;
pub mod licences;
pub mod read;
pub mod routes;
