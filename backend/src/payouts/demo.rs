//! Demo data: payout settings for the demo creators and one paid payout in
//! a past period, so the earnings and finance pages have something to show.
//! Safe to call again: settings are saved only for creators without any,
//! postings are keyed, a period's run is made once and a payout paid once.

use atelier_api::{
    AccountKind, PayoutDetails, PayoutMethod, PayoutSettingsInput, PayoutStatus, Residency,
    TransferKind,
};
use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;

use super::lifecycle::{self, Action};
use super::run::{available_for_period, last_ended_period, period_bounds};
use super::settings::{latest, save};
use crate::config::Settings;
use crate::error::ApiError;
use crate::ledger::{self, AccountRef, NewTransfer};

/// What the paid demo payout takes, at least (NT$3,200).
const DEMO_GROSS_MINOR: i64 = 320_000;

fn api(e: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}: {}", e.code, e.message)
}

/// The demo settings of the `i`-th creator: bank transfers for residents,
/// PayPal for every third one (abroad).
fn demo_settings(i: usize, settings: &Settings) -> PayoutSettingsInput {
    let threshold_minor = settings.ledger.payout_threshold_default_minor;
    if i % 3 == 2 {
        PayoutSettingsInput {
            method: PayoutMethod::Paypal,
            details: PayoutDetails {
                account_name: format!("Demo Creator {}", i + 1),
                bank_code: None,
                branch_code: None,
                account_number: None,
                email: Some(format!("creator{}@demo.atelier.test", i + 1)),
            },
            residency: Residency::Foreign,
            threshold_minor,
        }
    } else {
        PayoutSettingsInput {
            method: PayoutMethod::BankTransfer,
            details: PayoutDetails {
                account_name: format!("Demo Creator {}", i + 1),
                bank_code: Some("812".to_owned()),
                branch_code: Some("0012".to_owned()),
                account_number: Some(format!("{:012}", 4_021_000_000 + i as u64 * 7_919)),
                email: None,
            },
            residency: Residency::Tw,
            threshold_minor,
        }
    }
}

/// Saves payout settings for `creator_ids` (those without any) and makes one
/// paid payout for the first of them in the period before the last ended one
/// (so the last ended period is left for finance staff to run). When that
/// creator earned too little then, a demo award tops their balance up first.
pub async fn seed(
    db: &DatabaseConnection,
    settings: &Settings,
    creator_ids: &[i64],
) -> anyhow::Result<()> {
    let Some(&first) = creator_ids.first() else {
        return Ok(());
    };
    for (i, id) in creator_ids.iter().enumerate() {
        if latest(db, *id).await?.is_none() {
            save(db, settings, *id, &demo_settings(i, settings))
                .await
                .map_err(api)?;
        }
    }
    let last = last_ended_period(Utc::now());
    let (last_start, _) = period_bounds(&last).map_err(api)?;
    let period = last_ended_period(last_start);
    let (start, end) = period_bounds(&period).map_err(api)?;
    let currency = settings.ledger.currency.clone();
    let available = available_for_period(db, first, &currency, end).await?;
    if available < DEMO_GROSS_MINOR {
        let txn = crate::db::begin_write(db).await?;
        ledger::post(
            &txn,
            NewTransfer {
                key: format!("demo:payout-award:{first}:{period}"),
                kind: TransferKind::Prize,
                source: format!("demo:award:{period}"),
                currency: currency.clone(),
                memo: "Community award (demo)".to_owned(),
                occurred_at: start + Duration::days(10),
                created_by: None,
                lines: vec![
                    (
                        AccountRef::Platform(AccountKind::PrizePool),
                        DEMO_GROSS_MINOR - available,
                    ),
                    (AccountRef::Creator(first), available - DEMO_GROSS_MINOR),
                ],
            },
        )
        .await?;
        txn.commit().await?;
    }
    let run = super::run::run(db, settings, &period, None)
        .await
        .map_err(api)?;
    let Some(payout) = run.payouts.iter().find(|p| p.user_id == first) else {
        anyhow::bail!("the demo payout run of {period} made no payout for user {first}");
    };
    if payout.status == PayoutStatus::Pending {
        lifecycle::apply(db, None, payout.id, Action::Approve)
            .await
            .map_err(api)?;
    }
    if matches!(
        payout.status,
        PayoutStatus::Pending | PayoutStatus::Approved
    ) {
        lifecycle::apply(
            db,
            None,
            payout.id,
            Action::Paid {
                reference: format!("DEMO-{period}-{}", payout.id),
            },
        )
        .await
        .map_err(api)?;
    }
    Ok(())
}
