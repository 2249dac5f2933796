//! Orders, payments and licences for marketplace templates. An order is
//! written once; what happens to it later (paid, refunded...) is a list of
//! events, and its status is the latest of them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::templates::{LicenceKind, Money};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Waiting for the payment (a checkout page, a bank transfer).
    Pending,
    Paid,
    Failed,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Failed => "failed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        [
            OrderStatus::Pending,
            OrderStatus::Paid,
            OrderStatus::Failed,
            OrderStatus::Cancelled,
            OrderStatus::Refunded,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// How the buyer pays.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// The configured card provider (the test provider in the embedded
    /// default, which pays at once; Stripe Checkout when configured).
    Card,
    /// A bank transfer that staff mark paid when it arrives.
    BankTransfer,
}

/// `POST /orders`: buy a paid template. The same `idempotency_key` from the
/// same buyer always answers with the same order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    pub template_id: i64,
    /// 8..=64 characters of `[A-Za-z0-9_-]`, chosen by the client (a UUID).
    pub idempotency_key: String,
    /// Default `card`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<PaymentMethod>,
}

/// An order, as its buyer (a receipt) and staff see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: i64,
    pub template_id: i64,
    pub template_title: String,
    pub licence: LicenceKind,
    pub amount: Money,
    pub method: PaymentMethod,
    pub status: OrderStatus,
    /// Where to send the buyer to pay (a provider's checkout page) while
    /// pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_url: Option<String>,
    /// For a bank transfer: the reference to quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reference: Option<String>,
    pub buyer_handle: String,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
}

/// Staff mark a bank transfer as received.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkPaid {
    /// The bank's reference for the transfer.
    pub reference: String,
}

/// Staff refund an order: the licence stops working for future downloads.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRequest {
    pub reason: String,
}

/// A licence a member holds: an entry in their library.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceGrant {
    pub id: i64,
    pub template_id: i64,
    pub template_title: String,
    pub thumbnail_url: Option<String>,
    pub licence: LicenceKind,
    /// The order it came from; None for a free template.
    pub order_id: Option<i64>,
    pub granted_at: DateTime<Utc>,
    /// Set when a refund revoked it.
    pub revoked_at: Option<DateTime<Utc>>,
}
