//! Co-created products: a code the sales reports name them by, the currency
//! their sales are reported in, and the royalty agreement with their
//! co-creators (created with the product; a newer one supersedes it from its
//! start).

use std::collections::BTreeMap;

use atelier_api::{Agreement, AgreementInput, AgreementSubject, Product, ProductInput};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::{agreements, money, valid_currency};
use crate::auth::CurrentUser;
use crate::config::LedgerSettings;
use crate::entities::{challenge, ledger_transfer, product, submission};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::ledger::TransferKind;

pub const MAX_CODE: usize = 40;
pub const MAX_NAME: usize = 200;

/// `A-Z`, `0-9` and `-`, 1-40 characters, not starting or ending with `-`.
pub fn valid_code(code: &str) -> bool {
    (1..=MAX_CODE).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !code.starts_with('-')
        && !code.ends_with('-')
}

/// A product to write, checked.
#[derive(Debug, Clone)]
struct ValidProduct {
    code: String,
    name: String,
    name_zh: Option<String>,
    challenge_id: Option<i64>,
    submission_id: Option<i64>,
    currency: String,
}

fn name(raw: &str, what: &str) -> ApiResult<String> {
    let n = raw.trim();
    if (1..=MAX_NAME).contains(&n.chars().count()) && !n.chars().any(char::is_control) {
        Ok(n.to_owned())
    } else {
        Err(ApiError::validation(format!(
            "the product's {what} has 1 to {MAX_NAME} characters"
        ))
        .code("invalid_product_name"))
    }
}

async fn validate<C: ConnectionTrait>(
    conn: &C,
    input: &ProductInput,
    ledger: &LedgerSettings,
) -> ApiResult<ValidProduct> {
    let code = input.code.trim();
    if !valid_code(code) {
        return Err(ApiError::validation(format!(
            "a product code has 1 to {MAX_CODE} characters A-Z, 0-9 and -"
        ))
        .code("invalid_product_code"));
    }
    let name_en = name(&input.name, "name")?;
    let name_zh = match input.name_zh.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(name(n, "Chinese name")?),
    };
    let currency = input
        .currency
        .as_deref()
        .map_or_else(|| ledger.currency.clone(), |c| c.trim().to_owned());
    if !valid_currency(&currency) {
        return Err(ApiError::validation(format!(
            "{currency:?} is not a currency code (three capital letters, ISO 4217)"
        ))
        .code("invalid_currency"));
    }
    let mut challenge_id = input.challenge_id;
    if let Some(sid) = input.submission_id {
        let s = submission::Entity::find_by_id(sid)
            .one(conn)
            .await?
            .ok_or_else(|| {
                ApiError::validation(format!("there is no entry {sid}")).code("unknown_submission")
            })?;
        match challenge_id {
            Some(cid) if cid != s.challenge_id => {
                return Err(
                    ApiError::validation(format!("entry {sid} is not in challenge {cid}"))
                        .code("unknown_submission"),
                );
            }
            _ => challenge_id = Some(s.challenge_id),
        }
    }
    if let Some(cid) = challenge_id
        && challenge::Entity::find_by_id(cid)
            .one(conn)
            .await?
            .is_none()
    {
        return Err(
            ApiError::validation(format!("there is no challenge {cid}")).code("unknown_challenge")
        );
    }
    Ok(ValidProduct {
        code: code.to_owned(),
        name: name_en,
        name_zh,
        challenge_id,
        submission_id: input.submission_id,
        currency,
    })
}

fn code_taken(code: &str) -> ApiError {
    ApiError::conflict(
        "code_taken",
        format!("another product has the code {code:?}"),
    )
}

/// `POST /finance/products`: the product and its royalty agreement, audited
/// (`product.create`) in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: ProductInput,
    ledger: &LedgerSettings,
) -> ApiResult<Product> {
    actor.require_finance()?;
    let now = Utc::now();
    let v = validate(db, &input, ledger).await?;
    let terms = agreements::validate(db, &input.agreement, now).await?;
    if by_code(db, &v.code).await?.is_some() {
        return Err(code_taken(&v.code));
    }
    let txn = crate::db::begin_write(db).await?;
    let inserted = product::ActiveModel {
        code: Set(v.code.clone()),
        name: Set(v.name.clone()),
        name_zh: Set(v.name_zh.clone()),
        challenge_id: Set(v.challenge_id),
        submission_id: Set(v.submission_id),
        currency: Set(v.currency.clone()),
        created_by: Set(actor.id()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let p = match inserted {
        Ok(p) => p,
        Err(e) if is_unique_violation(&e) => return Err(code_taken(&v.code)),
        Err(e) => return Err(e.into()),
    };
    let a = agreements::insert(&txn, AgreementSubject::Product, p.id, &terms, actor.id()).await?;
    crate::audit::record(
        &txn,
        Some(actor.id()),
        "product.create",
        &format!("product:{}", p.id),
        &format!(
            "{} {:?} in {}; agreement {}: {}",
            p.code,
            p.name,
            p.currency,
            a.row.id,
            agreements::describe(&terms)
        ),
    )
    .await?;
    txn.commit().await?;
    get(db, actor, p.id).await
}

/// `PUT /finance/products/{id}/agreement`: a new royalty agreement, which
/// supersedes the earlier ones from its start; audited (`agreement.product`).
pub async fn set_agreement(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i64,
    input: AgreementInput,
) -> ApiResult<Agreement> {
    actor.require_finance()?;
    let p = find(db, id).await?;
    let v = agreements::validate(db, &input, Utc::now()).await?;
    let txn = crate::db::begin_write(db).await?;
    let a = agreements::insert(&txn, AgreementSubject::Product, p.id, &v, actor.id()).await?;
    crate::audit::record(
        &txn,
        Some(actor.id()),
        "agreement.product",
        &format!("product:{}", p.id),
        &format!("agreement {}: {}", a.row.id, agreements::describe(&v)),
    )
    .await?;
    txn.commit().await?;
    Ok(agreements::view(db, &a).await?)
}

async fn by_code<C: ConnectionTrait>(
    conn: &C,
    code: &str,
) -> Result<Option<product::Model>, DbErr> {
    product::Entity::find()
        .filter(product::Column::Code.eq(code))
        .one(conn)
        .await
}

/// The product, or 404.
pub async fn find<C: ConnectionTrait>(conn: &C, id: i64) -> ApiResult<product::Model> {
    product::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no product {id}")))
}

/// Net royalties posted per product (royalties less their reversals), from
/// the transfers' sources `product:<id>:<period>`.
async fn royalties<C: ConnectionTrait>(
    conn: &C,
    only: Option<i64>,
) -> Result<BTreeMap<i64, i64>, DbErr> {
    let prefix = only.map_or_else(|| "product:".to_owned(), |id| format!("product:{id}:"));
    let rows = ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::Kind.is_in([
            TransferKind::Royalty.as_str(),
            TransferKind::RoyaltyReversal.as_str(),
        ]))
        .filter(ledger_transfer::Column::Source.starts_with(&prefix))
        .all(conn)
        .await?;
    let mut out = BTreeMap::new();
    for t in rows {
        let Some(id) = t
            .source
            .split(':')
            .nth(1)
            .and_then(|s| s.parse::<i64>().ok())
        else {
            continue;
        };
        // A royalty's amount is its creators' total; a reversal's the same,
        // taken back.
        let signed = if t.kind == TransferKind::Royalty.as_str() {
            t.amount_minor
        } else {
            -t.amount_minor
        };
        *out.entry(id).or_insert(0) += signed;
    }
    Ok(out)
}

async fn view<C: ConnectionTrait>(
    conn: &C,
    p: product::Model,
    royalties: i64,
) -> Result<Product, DbErr> {
    let agreement =
        match agreements::agreement_at(conn, AgreementSubject::Product, p.id, Utc::now()).await? {
            Some(a) => Some(agreements::view(conn, &a).await?),
            None => None,
        };
    Ok(Product {
        id: p.id,
        royalties: money(royalties, &p.currency),
        code: p.code,
        name: p.name,
        name_zh: p.name_zh,
        challenge_id: p.challenge_id,
        submission_id: p.submission_id,
        currency: p.currency,
        agreement,
        created_at: p.created_at,
    })
}

/// `GET /finance/products/{id}`.
pub async fn get(db: &DatabaseConnection, actor: &CurrentUser, id: i64) -> ApiResult<Product> {
    actor.require_finance()?;
    let p = find(db, id).await?;
    let r = royalties(db, Some(id)).await?;
    Ok(view(db, p, r.get(&id).copied().unwrap_or(0)).await?)
}

/// `GET /finance/products`: every product, oldest first.
pub async fn list(db: &DatabaseConnection, actor: &CurrentUser) -> ApiResult<Vec<Product>> {
    actor.require_finance()?;
    let rows = product::Entity::find()
        .order_by_asc(product::Column::Id)
        .all(db)
        .await?;
    let r = royalties(db, None).await?;
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        let id = p.id;
        out.push(view(db, p, r.get(&id).copied().unwrap_or(0)).await?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes() {
        assert!(super::valid_code("LANTERN-2026"));
        assert!(super::valid_code("A"));
        assert!(!super::valid_code("lantern"));
        assert!(!super::valid_code("-A"));
        assert!(!super::valid_code(""));
        assert!(!super::valid_code("A B"));
    }
}
