//! Creator revenue share: earnings, payouts, statements, products and their
//! sales, revenue agreements, prizes, and the finance staff's overview and
//! reconciliation. All money is [`Money`]: integer minor units and a currency.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Money;

wire_enum!(
    /// What a ledger account holds. Platform accounts have owner 0;
    /// `creator_payable` has one account per creator (what the platform owes
    /// them).
    AccountKind {
        /// Money received through payment providers, not yet settled.
        PaymentClearing => "payment_clearing",
        /// The platform's share of sales.
        PlatformRevenue => "platform_revenue",
        /// What the platform owes a creator (owner = the creator).
        CreatorPayable => "creator_payable",
        /// Payouts approved and sent, until the bank confirms.
        PayoutClearing => "payout_clearing",
        /// Tax withheld from payouts, owed to the tax office.
        TaxWithheld => "tax_withheld",
        /// Royalties the brand owes on product sales.
        BrandReceivable => "brand_receivable",
        /// Prize money the brand funds for challenges.
        PrizePool => "prize_pool",
        /// Money paid out of the platform's bank account.
        Bank => "bank",
    }
);

wire_enum!(
    /// Why a transfer was posted: the source of a creator's earnings (or the
    /// payout that took them away).
    TransferKind {
        TemplateSale => "template_sale",
        TemplateRefund => "template_refund",
        Royalty => "royalty",
        RoyaltyReversal => "royalty_reversal",
        Prize => "prize",
        Workshop => "workshop",
        WorkshopRefund => "workshop_refund",
        Repost => "repost",
        Payout => "payout",
        PayoutPosted => "payout_posted",
        PayoutVoided => "payout_voided",
        Reversal => "reversal",
    }
);

wire_enum!(
    /// Where a creator's earnings come from, as statements and charts group them.
    EarningSource {
        Templates => "templates",
        Royalties => "royalties",
        Prizes => "prizes",
        Workshops => "workshops",
        Reposts => "reposts",
    }
);

impl TransferKind {
    /// The earning source a transfer of this kind counts towards (None for
    /// payouts and generic reversals).
    pub fn source(self) -> Option<EarningSource> {
        match self {
            TransferKind::TemplateSale | TransferKind::TemplateRefund => {
                Some(EarningSource::Templates)
            }
            TransferKind::Royalty | TransferKind::RoyaltyReversal => Some(EarningSource::Royalties),
            TransferKind::Prize => Some(EarningSource::Prizes),
            TransferKind::Workshop | TransferKind::WorkshopRefund => Some(EarningSource::Workshops),
            TransferKind::Repost => Some(EarningSource::Reposts),
            TransferKind::Payout
            | TransferKind::PayoutPosted
            | TransferKind::PayoutVoided
            | TransferKind::Reversal => None,
        }
    }
}

wire_enum!(
    /// What a revenue agreement is about.
    AgreementSubject {
        Template => "template",
        Product => "product",
        Workshop => "workshop",
    }
);

wire_enum!(
    /// How a creator is paid.
    PayoutMethod {
        /// A Taiwanese bank account (bank code, branch, account number, holder).
        BankTransfer => "bank_transfer",
        /// A PayPal account (email).
        Paypal => "paypal",
    }
);

wire_enum!(
    /// Tax residency, which decides withholding (configured rates).
    Residency {
        /// Resident in Taiwan.
        Tw => "tw",
        /// Not resident in Taiwan.
        Foreign => "foreign",
    }
);

wire_enum!(
    /// Pending (created by a run) -> approved (by finance staff) -> paid
    /// (with the bank's reference) or failed (the money returns to the
    /// creator's balance).
    PayoutStatus {
        Pending => "pending",
        Approved => "approved",
        Paid => "paid",
        Failed => "failed",
    }
);

/// A revenue agreement's party: a creator and their weight among the parties.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementParty {
    pub user_id: i64,
    /// Filled in answers; ignored in requests.
    #[serde(default)]
    pub handle: String,
    /// Positive; shares split by weight, largest remainder.
    pub weight: i32,
}

/// A revenue agreement: the creators' share (basis points of the price, or
/// of net sales for a product) over a term, split among parties by weight.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: i64,
    pub subject: AgreementSubject,
    pub subject_id: i64,
    /// 3500 = 35 %.
    pub share_bp: i32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub parties: Vec<AgreementParty>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// A new agreement for a subject; it supersedes earlier ones from `starts_at`
/// (default now).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementInput {
    pub share_bp: i32,
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    pub parties: Vec<AgreementParty>,
    #[serde(default)]
    pub note: String,
}

/// A co-created product that earns royalties.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    /// What the sales CSV names it by (`A-Z0-9-`, unique).
    pub code: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub challenge_id: Option<i64>,
    pub submission_id: Option<i64>,
    pub currency: String,
    /// The agreement in force now, if any.
    pub agreement: Option<Agreement>,
    /// Royalties posted so far (net of reversals).
    pub royalties: Money,
    pub created_at: DateTime<Utc>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub challenge_id: Option<i64>,
    #[serde(default)]
    pub submission_id: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    /// The royalty agreement (share of net sales, term, co-creators).
    pub agreement: AgreementInput,
}

/// One product's net sales in one period.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesLine {
    pub product_code: String,
    /// `YYYY-MM`.
    pub period: String,
    pub units: i64,
    pub net_sales: Money,
}

/// Sales recorded through the API (the CSV upload reads the same lines from
/// `product_code,period,units,net_sales,currency` with `net_sales` in major
/// units such as `12345.50`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesImportRequest {
    pub lines: Vec<SalesLine>,
}

/// What one line of an import did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesLineOutcome {
    /// 1-based line (the CSV's line number, header = 1).
    pub line: u32,
    pub product_code: String,
    pub period: String,
    /// `posted` (first time), `unchanged` (same figures as the last
    /// import), `corrected` (the previous royalties reversed, new ones posted).
    pub outcome: String,
    pub revision: i32,
    /// Royalties posted by this line (net of reversals).
    pub royalties: Money,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesImportResult {
    pub import_id: Option<i64>,
    pub lines: Vec<SalesLineOutcome>,
}

/// A bad line in a sales import; nothing of the import was posted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesLineError {
    pub line: u32,
    /// The column (`product_code`, `period`, `units`, `net_sales`, `currency`).
    pub field: String,
    /// `unknown_product`, `invalid_period`, `invalid_amount`,
    /// `currency_mismatch`, `duplicate_line`, `missing_field`, `outside_term`.
    pub code: String,
    pub message: String,
}

/// 422 `invalid_sales`: an [`crate::ErrorBody`] with every bad line, so the
/// file can be fixed in one go; nothing of the import was posted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesImportErrors {
    pub error: crate::ErrorDetail,
    pub lines: Vec<SalesLineError>,
}

/// A challenge's prize for a place.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prize {
    pub place: i32,
    pub amount: Money,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizesInput {
    pub prizes: Vec<Prize>,
}

/// A challenge's prizes and, once staff confirmed the winners, who won them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengePrizes {
    pub prizes: Vec<Prize>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub awards: Vec<PrizeAward>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeAward {
    pub place: i32,
    pub submission_id: i64,
    pub user_id: i64,
    pub handle: String,
    pub amount: Money,
    pub transfer_id: i64,
}

/// An amount per earning source.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceAmount {
    pub source: EarningSource,
    pub amount: Money,
}

/// A month's earnings by source (`month` is `YYYY-MM`, Asia/Taipei).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEarnings {
    pub month: String,
    pub total: Money,
    pub by_source: Vec<SourceAmount>,
}

/// What the next payout run would pay.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutEstimate {
    /// The period of the next run (`YYYY-MM`).
    pub period: String,
    pub gross: Money,
    pub tax: Money,
    pub net: Money,
    pub threshold: Money,
    /// False while the balance is under the threshold or no payout settings exist.
    pub eligible: bool,
    /// Why not eligible: `no_settings`, `below_threshold`.
    pub reason: Option<String>,
}

/// A creator's earnings page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarningsSummary {
    pub user_id: i64,
    pub currency: String,
    /// Posted balance owed to the creator.
    pub balance: Money,
    /// Held by payouts not yet paid or failed.
    pub pending_payouts: Money,
    /// `balance - pending_payouts`.
    pub available: Money,
    /// Earned in total (all sources, net of refunds and reversals).
    pub lifetime: Money,
    pub by_source: Vec<SourceAmount>,
    /// The last 12 months, oldest first.
    pub by_month: Vec<MonthEarnings>,
    pub next_payout: PayoutEstimate,
}

/// One line of a creator's earnings (a transfer that moved their balance).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarningLine {
    pub transfer_id: i64,
    pub occurred_at: DateTime<Utc>,
    pub kind: TransferKind,
    pub source: Option<EarningSource>,
    /// What it was for (`template:12`, `product:3:2026-11`, `challenge:7:1`).
    pub reference: String,
    /// A human description (the template's title, the product's name).
    pub description: String,
    /// Positive: earned; negative: refunded, reversed or paid out.
    pub amount: Money,
    /// True while held by a pending payout.
    pub pending: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarningLinePage {
    pub items: Vec<EarningLine>,
    pub next_cursor: Option<String>,
}

/// The payout details a creator enters; stored encrypted, never shown back
/// whole.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutDetails {
    /// Bank transfer: the account holder's name; PayPal: the name on the account.
    pub account_name: String,
    /// Bank transfer: 3-digit bank code.
    #[serde(default)]
    pub bank_code: Option<String>,
    /// Bank transfer: branch code.
    #[serde(default)]
    pub branch_code: Option<String>,
    /// Bank transfer: account number (digits).
    #[serde(default)]
    pub account_number: Option<String>,
    /// PayPal: the account's email.
    #[serde(default)]
    pub email: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutSettingsInput {
    pub method: PayoutMethod,
    pub details: PayoutDetails,
    pub residency: Residency,
    /// Minor units; within the configured bounds.
    pub threshold_minor: i64,
}

/// The payout settings in force, details masked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutSettingsView {
    pub method: PayoutMethod,
    /// `•••• 6789` or `a•••@example.com`.
    pub details_hint: String,
    pub account_name: String,
    pub residency: Residency,
    pub threshold: Money,
    /// The bounds a threshold must stay within.
    pub min_threshold: Money,
    pub max_threshold: Money,
    pub updated_at: DateTime<Utc>,
}

/// The bounds, before a creator saved settings.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutSettingsState {
    pub settings: Option<PayoutSettingsView>,
    pub default_threshold: Money,
    pub min_threshold: Money,
    pub max_threshold: Money,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutEventView {
    pub kind: PayoutStatus,
    pub at: DateTime<Utc>,
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub actor_handle: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    pub id: i64,
    pub period: String,
    pub user_id: i64,
    pub handle: String,
    pub display_name: String,
    pub status: PayoutStatus,
    pub gross: Money,
    pub tax: Money,
    pub net: Money,
    pub method: PayoutMethod,
    pub details_hint: String,
    pub residency: Residency,
    pub created_at: DateTime<Utc>,
    pub events: Vec<PayoutEventView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutRunRequest {
    /// `YYYY-MM`: balances earned up to the end of this month (Asia/Taipei).
    pub period: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutRunResult {
    pub run_id: i64,
    pub period: String,
    /// False when the run for this period already existed (a repeat).
    pub created: bool,
    pub payouts: Vec<Payout>,
    /// Creators with a balance who were left out, and why
    /// (`below_threshold`, `no_settings`).
    pub skipped: Vec<PayoutSkip>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutSkip {
    pub user_id: i64,
    pub handle: String,
    pub available: Money,
    pub reason: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutPaidRequest {
    /// The bank's or PayPal's reference.
    pub reference: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutFailedRequest {
    pub reason: String,
}

/// A creator's statement for a month (Asia/Taipei).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub user_id: i64,
    pub handle: String,
    pub display_name: String,
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    pub opening_balance: Money,
    pub earnings: Vec<SourceAmount>,
    pub total_earnings: Money,
    /// Tax withheld from this month's payouts.
    pub withholding: Money,
    /// Paid out this month (gross, before withholding).
    pub payouts: Money,
    pub closing_balance: Money,
    /// Every transfer of the month, oldest first.
    pub lines: Vec<EarningLine>,
    pub generated_at: DateTime<Utc>,
}

/// The months a creator has statements for, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementMonth {
    pub month: String,
    pub total_earnings: Money,
    pub closing_balance: Money,
}

/// A year's totals for tax.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxSummary {
    pub user_id: i64,
    pub handle: String,
    pub display_name: String,
    pub year: i32,
    pub currency: String,
    pub residency: Option<Residency>,
    pub earnings: Vec<SourceAmount>,
    pub total_earnings: Money,
    pub gross_payouts: Money,
    pub withholding: Money,
    pub net_payouts: Money,
    pub months: Vec<MonthEarnings>,
}

/// One account's balance (sum of its lines; debit positive).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountBalance {
    pub account_id: i64,
    pub kind: AccountKind,
    /// 0 for the platform's accounts.
    pub owner_id: i64,
    pub owner_handle: Option<String>,
    pub currency: String,
    /// Sum of posted lines, debit positive.
    pub posted: Money,
    /// Sum of held lines of unresolved pending transfers.
    pub pending: Money,
}

/// Finance staff's overview.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceOverview {
    pub currency: String,
    /// Platform revenue (credit balance shown positive).
    pub platform_revenue: Money,
    /// Owed to creators in total (posted).
    pub creator_liabilities: Money,
    /// Held by pending payouts.
    pub pending_payouts: Money,
    pub tax_withheld: Money,
    pub royalties_posted: Money,
    pub prizes_posted: Money,
    pub sales_by_month: Vec<MonthEarnings>,
    /// Payouts waiting for approval or payment.
    pub payout_queue: u32,
    pub accounts: Vec<AccountBalance>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciliationCheck {
    /// `lines_sum_to_zero`, `transfers_balanced`, `orders_posted`,
    /// `refunds_posted`, `payouts_match`, `no_negative_creator_balance`, ...
    pub name: String,
    pub ok: bool,
    /// What was compared, or what is wrong (the offending ids).
    pub detail: String,
}

/// The proof that the ledger balances.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub ok: bool,
    pub checked_at: DateTime<Utc>,
    pub transfers: u64,
    pub lines: u64,
    /// Sum of every line per currency (must be zero).
    pub totals: Vec<Money>,
    pub checks: Vec<ReconciliationCheck>,
}

/// Admin grants or withdraws the finance permission.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceGrant {
    pub finance: bool,
    pub reason: String,
}

/// A day (Asia/Taipei) and a month, for filters.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// `YYYY-MM` with a month 01-12 (and a year 2000-2999).
pub fn valid_period(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && (b"2000"[..] <= b[..4] && b[..4] <= b"2999"[..])
        && matches!(
            &p[5..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

#[cfg(test)]
mod period_tests {
    #[test]
    fn periods() {
        assert!(super::valid_period("2026-11"));
        assert!(!super::valid_period("2026-13"));
        assert!(!super::valid_period("2026-1"));
        assert!(!super::valid_period("1999-01"));
        assert!(!super::valid_period("2026/11"));
    }
}
