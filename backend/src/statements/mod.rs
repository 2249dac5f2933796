//! Statements and finance views: creator earnings summaries, monthly statements (JSON, CSV, PDF), yearly tax summaries, the finance overview and the reconciliation report.
//!
//! Everything here reads the ledger (`ledger_accounts`, `ledger_transfers`,
//! `ledger_lines`, see [`crate::ledger`]) and writes nothing. A creator's
//! figures are the lines on their `creator_payable` account in the
//! configured currency, negated (a credit to the payable is money owed to
//! them):
//!
//! - **posted** lines move the balance; a line counts as an *earning* when
//!   its transfer's kind has an [`EarningSource`](atelier_api::EarningSource)
//!   (a generic reversal counts towards the source of what it reverses), and
//!   every other posted line (a paid payout) as a *payout*;
//! - **held** lines belong to pending payout transfers: while unresolved they
//!   are the creator's pending payouts; once resolved they are history (a
//!   paid payout's posted copy, or a voided hold that moved nothing).
//!
//! Months are Asia/Taipei months ([`period`]); a line belongs to the month
//! of its `occurred_at`.

pub mod export;
pub mod finance;
pub mod money;
pub mod pdf;
pub use crate::ledger::period;
pub mod read;
pub mod reconcile;
pub mod routes;
pub mod statement;
pub mod summary;

/// The withholding rule (one for runs and estimates): see
/// [`crate::payouts::run::withholding`].
pub use crate::payouts::run::withholding;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LedgerSettings;
    use atelier_api::Residency;

    #[test]
    fn withholding_follows_residency_rates_and_exemptions() {
        let s = LedgerSettings::default();
        // Residents: 10 % above NT$20,000 per payment, on the whole amount.
        assert_eq!(withholding(&s, Residency::Tw, 2_000_000), 0);
        assert_eq!(withholding(&s, Residency::Tw, 2_000_001), 200_000);
        assert_eq!(withholding(&s, Residency::Tw, 5_000_000), 500_000);
        assert_eq!(withholding(&s, Residency::Tw, 10_000), 0);
        // Non-residents: 20 % of every payment.
        assert_eq!(withholding(&s, Residency::Foreign, 10_000), 2_000);
        assert_eq!(withholding(&s, Residency::Foreign, 1), 0); // 0.2 rounds to 0
        assert_eq!(withholding(&s, Residency::Foreign, 3), 1); // 0.6 rounds to 1
        // Nothing to withhold from nothing.
        assert_eq!(withholding(&s, Residency::Foreign, 0), 0);
        assert_eq!(withholding(&s, Residency::Foreign, -500), 0);
    }

    #[test]
    fn withholding_reads_the_configured_rates() {
        let s = LedgerSettings {
            withholding_tw_bp: 500,
            withholding_tw_exempt_up_to_minor: 0,
            withholding_foreign_bp: 10_000,
            withholding_foreign_exempt_up_to_minor: 100,
            ..LedgerSettings::default()
        };
        assert_eq!(withholding(&s, Residency::Tw, 1_000), 50);
        assert_eq!(withholding(&s, Residency::Foreign, 100), 0);
        assert_eq!(withholding(&s, Residency::Foreign, 101), 101);
    }
}
