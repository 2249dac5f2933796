//! Payouts: creator payout settings (details encrypted at rest), payout runs per period, withholding tax, approval, paid and failed.
