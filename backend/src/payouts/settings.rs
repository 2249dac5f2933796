//! A creator's payout settings: how they are paid (bank transfer or PayPal),
//! their tax residency and their threshold. Each save is a new row (the
//! latest is in force); the details are encrypted ([`super::crypto`]) and
//! only a hint and the account name are ever shown back.

use atelier_api::{
    Money, PayoutDetails, PayoutMethod, PayoutSettingsInput, PayoutSettingsState,
    PayoutSettingsView, Residency,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::crypto::{self, DetailsKey};
use crate::config::LedgerSettings;
use crate::config::Settings;
use crate::entities::payout_setting;
use crate::error::{ApiError, ApiResult};

/// The longest account name kept.
pub const ACCOUNT_NAME_MAX: usize = 100;

/// The settings to store: details reduced to what the method uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    pub method: PayoutMethod,
    pub details: PayoutDetails,
    pub hint: String,
    pub residency: Residency,
    pub threshold_minor: i64,
}

fn bad_detail(variant: &'static str, message: &str) -> ApiError {
    ApiError::validation(message)
        .code("invalid_payout_details")
        .variant(variant)
}

/// Digits only, after dropping the spaces and hyphens people type.
fn digits(raw: Option<&str>) -> String {
    raw.unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn all_digits(s: &str, lens: std::ops::RangeInclusive<usize>) -> bool {
    lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Minor units as major units (`10000` TWD -> `100`, `12345` -> `123.45`).
pub fn major(amount_minor: i64, currency: &str) -> String {
    let per = atelier_api::minor_units_per_major(currency);
    let sign = if amount_minor < 0 { "-" } else { "" };
    let abs = amount_minor.unsigned_abs();
    let per = per.unsigned_abs().max(1);
    let (whole, frac) = (abs / per, abs % per);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let width = per.to_string().len() - 1;
        format!("{sign}{whole}.{frac:0width$}")
    }
}

/// Checks `input` against the method's rules and the configured bounds:
/// 422 `invalid_payout_details` (with the field as its reason) or
/// `threshold_out_of_range` (with the bounds).
pub fn validate(input: &PayoutSettingsInput, ledger: &LedgerSettings) -> ApiResult<Validated> {
    let d = &input.details;
    let name = d.account_name.trim();
    if name.is_empty()
        || name.chars().count() > ACCOUNT_NAME_MAX
        || name.chars().any(char::is_control)
    {
        return Err(bad_detail(
            "account-name",
            "give the account holder's name (1-100 characters)",
        ));
    }
    let (details, hint) = match input.method {
        PayoutMethod::BankTransfer => {
            let bank = digits(d.bank_code.as_deref());
            if !all_digits(&bank, 3..=3) {
                return Err(bad_detail("bank-code", "the bank code has 3 digits"));
            }
            let branch = digits(d.branch_code.as_deref());
            if !all_digits(&branch, 4..=4) {
                return Err(bad_detail("branch-code", "the branch code has 4 digits"));
            }
            let account = digits(d.account_number.as_deref());
            if !all_digits(&account, 10..=16) {
                return Err(bad_detail(
                    "account-number",
                    "the account number has 10 to 16 digits",
                ));
            }
            let hint = format!("•••• {}", &account[account.len() - 4..]);
            let details = PayoutDetails {
                account_name: name.to_owned(),
                bank_code: Some(bank),
                branch_code: Some(branch),
                account_number: Some(account),
                email: None,
            };
            (details, hint)
        }
        PayoutMethod::Paypal => {
            let email = crate::users::domain::Email::parse(d.email.as_deref().unwrap_or_default())
                .map_err(|_| bad_detail("email", "give the PayPal account's email address"))?;
            let email = email.as_str().to_owned();
            let hint = email_hint(&email);
            let details = PayoutDetails {
                account_name: name.to_owned(),
                bank_code: None,
                branch_code: None,
                account_number: None,
                email: Some(email),
            };
            (details, hint)
        }
    };
    let (min, max) = (
        ledger.payout_threshold_min_minor,
        ledger.payout_threshold_max_minor,
    );
    if !(min..=max).contains(&input.threshold_minor) {
        return Err(ApiError::validation(format!(
            "the payout threshold must be between {} and {} {} ({min}-{max} minor units)",
            major(min, &ledger.currency),
            major(max, &ledger.currency),
            ledger.currency
        ))
        .code("threshold_out_of_range")
        .variant("range")
        .arg("min", major(min, &ledger.currency))
        .arg("max", major(max, &ledger.currency))
        .arg("min_minor", min)
        .arg("max_minor", max)
        .arg("currency", ledger.currency.clone()));
    }
    Ok(Validated {
        method: input.method,
        details,
        hint,
        residency: input.residency,
        threshold_minor: input.threshold_minor,
    })
}

/// `a•••@example.com`: the first character of the mailbox and the domain.
fn email_hint(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first: String = local.chars().take(1).collect();
    format!("{first}•••@{domain}")
}

fn money(amount_minor: i64, currency: &str) -> Money {
    Money {
        amount_minor,
        currency: currency.to_owned(),
    }
}

/// The settings in force for `user_id`: the latest saved row.
pub async fn latest<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Option<payout_setting::Model>, sea_orm::DbErr> {
    payout_setting::Entity::find()
        .filter(payout_setting::Column::UserId.eq(user_id))
        .order_by_desc(payout_setting::Column::Id)
        .one(conn)
        .await
}

/// The key, or 500 (the server's configuration is wrong; logged). A key
/// kept in the data directory is read from disk once per directory, not on
/// every request (the file never changes once written).
pub fn key(settings: &Settings) -> ApiResult<DetailsKey> {
    use std::collections::HashMap;
    use std::path::PathBuf;
    use std::sync::{Mutex, OnceLock};
    static FILE_KEYS: OnceLock<Mutex<HashMap<PathBuf, DetailsKey>>> = OnceLock::new();
    if settings.ledger.details_key.is_some() {
        return crypto::load_or_create_key(settings).map_err(ApiError::internal);
    }
    let cache = FILE_KEYS.get_or_init(Default::default);
    let dir = settings.data_dir.clone();
    if let Some(k) = cache.lock().ok().and_then(|c| c.get(&dir).cloned()) {
        return Ok(k);
    }
    let k = crypto::load_or_create_key(settings).map_err(ApiError::internal)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(dir, k.clone());
    }
    Ok(k)
}

/// The stored details of `row`, decrypted.
pub fn details_of(key: &DetailsKey, row: &payout_setting::Model) -> ApiResult<PayoutDetails> {
    let plain = key.decrypt(row.user_id, &row.details_enc).map_err(|e| {
        ApiError::internal(anyhow::anyhow!(
            "payout settings {} of user {}: {e}",
            row.id,
            row.user_id
        ))
    })?;
    serde_json::from_slice(&plain).map_err(|e| {
        ApiError::internal(anyhow::anyhow!(
            "payout settings {}: not the details' JSON: {e}",
            row.id
        ))
    })
}

/// What the creator is shown of `row`.
pub fn view(
    ledger: &LedgerSettings,
    row: &payout_setting::Model,
    account_name: String,
) -> ApiResult<PayoutSettingsView> {
    Ok(PayoutSettingsView {
        method: PayoutMethod::parse(&row.method).ok_or_else(|| stored("method", &row.method))?,
        details_hint: row.details_hint.clone(),
        account_name,
        residency: Residency::parse(&row.residency)
            .ok_or_else(|| stored("residency", &row.residency))?,
        threshold: money(row.threshold_minor, &row.currency),
        min_threshold: money(ledger.payout_threshold_min_minor, &ledger.currency),
        max_threshold: money(ledger.payout_threshold_max_minor, &ledger.currency),
        updated_at: row.created_at,
    })
}

pub fn stored(what: &str, value: &str) -> ApiError {
    ApiError::internal(anyhow::anyhow!("unknown stored payout {what} {value:?}"))
}

/// `GET /me/payout-settings`.
pub async fn state<C: ConnectionTrait>(
    conn: &C,
    settings: &Settings,
    user_id: i64,
) -> ApiResult<PayoutSettingsState> {
    let ledger = &settings.ledger;
    let current = match latest(conn, user_id).await? {
        Some(row) => {
            let details = details_of(&key(settings)?, &row)?;
            Some(view(ledger, &row, details.account_name)?)
        }
        None => None,
    };
    Ok(PayoutSettingsState {
        settings: current,
        default_threshold: money(ledger.payout_threshold_default_minor, &ledger.currency),
        min_threshold: money(ledger.payout_threshold_min_minor, &ledger.currency),
        max_threshold: money(ledger.payout_threshold_max_minor, &ledger.currency),
    })
}

/// `PUT /me/payout-settings`: validates, encrypts and appends a new version.
pub async fn save(
    db: &sea_orm::DatabaseConnection,
    settings: &Settings,
    user_id: i64,
    input: &PayoutSettingsInput,
) -> ApiResult<PayoutSettingsView> {
    let v = validate(input, &settings.ledger)?;
    let key = key(settings)?;
    let plain = serde_json::to_vec(&v.details).map_err(ApiError::internal)?;
    let enc = key
        .encrypt(user_id, &plain)
        .map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    let txn = crate::db::begin_write(db).await?;
    let row = payout_setting::ActiveModel {
        user_id: Set(user_id),
        method: Set(v.method.as_str().to_owned()),
        details_enc: Set(enc),
        details_hint: Set(v.hint.clone()),
        threshold_minor: Set(v.threshold_minor),
        currency: Set(settings.ledger.currency.clone()),
        residency: Set(v.residency.as_str().to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    view(&settings.ledger, &row, v.details.account_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank(number: &str) -> PayoutSettingsInput {
        PayoutSettingsInput {
            method: PayoutMethod::BankTransfer,
            details: PayoutDetails {
                account_name: " Lin Pei-Shan ".into(),
                bank_code: Some("812".into()),
                branch_code: Some("0012".into()),
                account_number: Some(number.into()),
                email: Some("ignored@example.com".into()),
            },
            residency: Residency::Tw,
            threshold_minor: 10_000,
        }
    }

    #[test]
    fn bank_details_are_checked_and_hinted() {
        let l = LedgerSettings::default();
        let v = validate(&bank("1234-5678-6789"), &l).unwrap();
        assert_eq!(v.hint, "•••• 6789");
        assert_eq!(v.details.account_number.as_deref(), Some("123456786789"));
        assert_eq!(v.details.account_name, "Lin Pei-Shan");
        assert_eq!(v.details.email, None);
        let code = |i: &PayoutSettingsInput| validate(i, &l).unwrap_err().code;
        assert_eq!(code(&bank("123456789")), "invalid_payout_details");
        assert_eq!(code(&bank("12345678901234567")), "invalid_payout_details");
        assert_eq!(code(&bank("12345678901a")), "invalid_payout_details");
        let mut b = bank("1234567890");
        b.details.bank_code = Some("81".into());
        assert_eq!(code(&b), "invalid_payout_details");
        let mut b = bank("1234567890");
        b.details.branch_code = None;
        assert_eq!(code(&b), "invalid_payout_details");
        let mut b = bank("1234567890");
        b.details.account_name = "  ".into();
        assert_eq!(code(&b), "invalid_payout_details");
        let mut b = bank("1234567890");
        b.threshold_minor = l.payout_threshold_min_minor - 1;
        assert_eq!(code(&b), "threshold_out_of_range");
        b.threshold_minor = l.payout_threshold_max_minor + 1;
        assert_eq!(code(&b), "threshold_out_of_range");
        b.threshold_minor = l.payout_threshold_max_minor;
        assert!(validate(&b, &l).is_ok());
    }

    #[test]
    fn paypal_needs_an_email() {
        let l = LedgerSettings::default();
        let mut p = bank("x");
        p.method = PayoutMethod::Paypal;
        p.details.email = Some(" Alice@Example.com ".into());
        let v = validate(&p, &l).unwrap();
        assert_eq!(v.hint, "a•••@example.com");
        assert_eq!(v.details.account_number, None);
        p.details.email = Some("not-an-email".into());
        assert_eq!(validate(&p, &l).unwrap_err().code, "invalid_payout_details");
    }

    #[test]
    fn major_units() {
        assert_eq!(major(10_000, "TWD"), "100");
        assert_eq!(major(12_345, "TWD"), "123.45");
        assert_eq!(major(-5, "TWD"), "-0.05");
        assert_eq!(major(500, "JPY"), "500");
    }
}
