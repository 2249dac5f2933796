//! Creator revenue share: a creator's earnings, payout settings, payouts,
//! statements and tax summary; the finance staff's overview, reconciliation,
//! payout runs and queue, products, agreements and sales imports; challenge
//! prizes. Paths and bodies as in the ledger contract (`atelier_api::ledger`).

use super::{ApiError, BASE, Body, authed, encode_component, ui_language};
use crate::session::Session;
use atelier_api::{
    AccountBalance, Agreement, AgreementInput, ChallengePrizes, EarningLinePage, EarningsSummary,
    FinanceOverview, Payout, PayoutFailedRequest, PayoutPaidRequest, PayoutRunRequest,
    PayoutRunResult, PayoutSettingsInput, PayoutSettingsState, PayoutSettingsView, PayoutStatus,
    PrizesInput, Product, ProductInput, Reconciliation, SalesImportErrors, SalesImportResult,
    Statement, StatementMonth, TaxSummary,
};
use gloo_net::http::{Method, RequestBuilder};

// ---- the creator's own -----------------------------------------------------------------

pub async fn my_earnings(session: Session) -> Result<EarningsSummary, ApiError> {
    authed(session, Method::GET, "/me/earnings", Body::Empty).await
}

/// The query of one page of earning lines: `cursor` is the previous page's
/// `next_cursor`.
pub fn earning_lines_path(cursor: Option<&str>, limit: u32) -> String {
    match cursor {
        Some(c) => format!(
            "/me/earnings/lines?cursor={}&limit={limit}",
            encode_component(c)
        ),
        None => format!("/me/earnings/lines?limit={limit}"),
    }
}

pub async fn my_earning_lines(
    session: Session,
    cursor: Option<String>,
    limit: u32,
) -> Result<EarningLinePage, ApiError> {
    let path = earning_lines_path(cursor.as_deref(), limit);
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn my_payout_settings(session: Session) -> Result<PayoutSettingsState, ApiError> {
    authed(session, Method::GET, "/me/payout-settings", Body::Empty).await
}

pub async fn save_payout_settings(
    session: Session,
    input: &PayoutSettingsInput,
) -> Result<PayoutSettingsView, ApiError> {
    authed(
        session,
        Method::PUT,
        "/me/payout-settings",
        Body::json(input)?,
    )
    .await
}

pub async fn my_payouts(session: Session) -> Result<Vec<Payout>, ApiError> {
    authed(session, Method::GET, "/me/payouts", Body::Empty).await
}

pub async fn my_statements(session: Session) -> Result<Vec<StatementMonth>, ApiError> {
    authed(session, Method::GET, "/me/statements", Body::Empty).await
}

pub async fn my_statement(session: Session, month: &str) -> Result<Statement, ApiError> {
    let path = format!("/me/statements/{}", encode_component(month));
    authed(session, Method::GET, &path, Body::Empty).await
}

/// Where a statement's file is: `format` is `csv` or `pdf`; `creator` is set
/// when finance staff ask for someone else's (PDF only).
pub fn statement_file_path(creator: Option<i64>, month: &str, format: &str) -> String {
    let month = encode_component(month);
    match creator {
        Some(id) => format!("/finance/creators/{id}/statements/{month}/{format}"),
        None => format!("/me/statements/{month}/{format}"),
    }
}

pub async fn my_tax_summary(session: Session, year: i32) -> Result<TaxSummary, ApiError> {
    authed(
        session,
        Method::GET,
        &format!("/me/tax-summary/{year}"),
        Body::Empty,
    )
    .await
}

pub fn tax_summary_pdf_path(year: i32) -> String {
    format!("/me/tax-summary/{year}/pdf")
}

// ---- finance staff ------------------------------------------------------------------------

pub async fn finance_overview(session: Session) -> Result<FinanceOverview, ApiError> {
    authed(session, Method::GET, "/finance/overview", Body::Empty).await
}

pub async fn reconciliation(session: Session) -> Result<Reconciliation, ApiError> {
    authed(session, Method::GET, "/finance/reconciliation", Body::Empty).await
}

pub async fn finance_creators(session: Session) -> Result<Vec<AccountBalance>, ApiError> {
    authed(session, Method::GET, "/finance/creators", Body::Empty).await
}

pub async fn creator_earnings(session: Session, user_id: i64) -> Result<EarningsSummary, ApiError> {
    let path = format!("/finance/creators/{user_id}/earnings");
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn creator_statement(
    session: Session,
    user_id: i64,
    month: &str,
) -> Result<Statement, ApiError> {
    let path = format!(
        "/finance/creators/{user_id}/statements/{}",
        encode_component(month)
    );
    authed(session, Method::GET, &path, Body::Empty).await
}

/// `GET /finance/payouts` with the filters that are set.
pub fn payouts_path(status: Option<PayoutStatus>, period: Option<&str>) -> String {
    let mut query = Vec::new();
    if let Some(s) = status {
        query.push(format!("status={}", s.as_str()));
    }
    if let Some(p) = period.map(str::trim).filter(|p| !p.is_empty()) {
        query.push(format!("period={}", encode_component(p)));
    }
    if query.is_empty() {
        "/finance/payouts".to_owned()
    } else {
        format!("/finance/payouts?{}", query.join("&"))
    }
}

pub async fn finance_payouts(
    session: Session,
    status: Option<PayoutStatus>,
    period: Option<String>,
) -> Result<Vec<Payout>, ApiError> {
    let path = payouts_path(status, period.as_deref());
    authed(session, Method::GET, &path, Body::Empty).await
}

/// Runs the payouts of a period (201 when created, 200 for a repeat: the
/// answer's `created` tells which).
pub async fn run_payouts(session: Session, period: &str) -> Result<PayoutRunResult, ApiError> {
    let body = Body::json(&PayoutRunRequest {
        period: period.to_owned(),
    })?;
    authed(session, Method::POST, "/finance/payout-runs", body).await
}

pub async fn approve_payout(session: Session, id: i64) -> Result<Payout, ApiError> {
    let path = format!("/finance/payouts/{id}/approve");
    authed(session, Method::POST, &path, Body::Empty).await
}

pub async fn mark_payout_paid(
    session: Session,
    id: i64,
    reference: String,
) -> Result<Payout, ApiError> {
    let path = format!("/finance/payouts/{id}/paid");
    let body = Body::json(&PayoutPaidRequest { reference })?;
    authed(session, Method::POST, &path, body).await
}

pub async fn mark_payout_failed(
    session: Session,
    id: i64,
    reason: String,
) -> Result<Payout, ApiError> {
    let path = format!("/finance/payouts/{id}/failed");
    let body = Body::json(&PayoutFailedRequest { reason })?;
    authed(session, Method::POST, &path, body).await
}

pub async fn template_agreement(session: Session, template_id: i64) -> Result<Agreement, ApiError> {
    let path = format!("/finance/templates/{template_id}/agreement");
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn set_template_agreement(
    session: Session,
    template_id: i64,
    input: &AgreementInput,
) -> Result<Agreement, ApiError> {
    let path = format!("/finance/templates/{template_id}/agreement");
    authed(session, Method::PUT, &path, Body::json(input)?).await
}

pub async fn products(session: Session) -> Result<Vec<Product>, ApiError> {
    authed(session, Method::GET, "/finance/products", Body::Empty).await
}

pub async fn create_product(session: Session, input: &ProductInput) -> Result<Product, ApiError> {
    authed(
        session,
        Method::POST,
        "/finance/products",
        Body::json(input)?,
    )
    .await
}

pub async fn product(session: Session, id: i64) -> Result<Product, ApiError> {
    let path = format!("/finance/products/{id}");
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn set_product_agreement(
    session: Session,
    id: i64,
    input: &AgreementInput,
) -> Result<Agreement, ApiError> {
    let path = format!("/finance/products/{id}/agreement");
    authed(session, Method::PUT, &path, Body::json(input)?).await
}

/// Why a sales import was not recorded: every bad line (422 `invalid_sales`),
/// or any other error.
#[derive(Debug, Clone)]
pub enum ImportError {
    Lines(SalesImportErrors),
    Api(ApiError),
}

impl From<ApiError> for ImportError {
    fn from(e: ApiError) -> Self {
        ImportError::Api(e)
    }
}

/// The path of a CSV upload, named after its file.
pub fn sales_csv_path(filename: &str) -> String {
    format!(
        "/finance/product-sales/csv?filename={}",
        encode_component(filename)
    )
}

/// What a sales import answered: the outcomes, or the bad lines of a 422
/// `invalid_sales`.
fn import_answer(status: u16, text: &str) -> Result<SalesImportResult, ImportError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(text)
            .map_err(|e| ImportError::Api(ApiError::bad_response(status, e)));
    }
    if status == 422
        && let Ok(errors) = serde_json::from_str::<SalesImportErrors>(text)
        && errors.error.code == "invalid_sales"
    {
        return Err(ImportError::Lines(errors));
    }
    Err(ImportError::Api(ApiError::from_response(status, text)))
}

/// One sales import request with the bearer token: its status and body.
async fn send_import(
    path: &str,
    content_type: &str,
    body: &str,
    token: &str,
) -> Result<(u16, String), ApiError> {
    let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
        .method(Method::POST)
        .header("Accept", "application/json")
        .header("Content-Type", content_type)
        .header("Authorization", &format!("Bearer {token}"));
    if let Some(tag) = ui_language() {
        builder = builder.header("Accept-Language", tag);
    }
    let response = builder
        .body(body)
        .map_err(ApiError::network)?
        .send()
        .await
        .map_err(ApiError::network)?;
    let status = response.status();
    let text = response.text().await.map_err(ApiError::network)?;
    Ok((status, text))
}

/// Sends an import (a fresh token first, one refresh-and-retry after a 401).
async fn import(
    session: Session,
    path: &str,
    content_type: &str,
    body: &str,
) -> Result<SalesImportResult, ImportError> {
    let token = session.access_token().await?;
    let (mut status, mut text) = send_import(path, content_type, body, &token).await?;
    if status == 401 {
        let token = session.token_after_rejection(&token).await?;
        (status, text) = send_import(path, content_type, body, &token).await?;
    }
    import_answer(status, &text)
}

/// Records the sales of a CSV file (`product_code,period,units,net_sales,currency`).
pub async fn import_sales_csv(
    session: Session,
    filename: &str,
    csv: &str,
) -> Result<SalesImportResult, ImportError> {
    import(session, &sales_csv_path(filename), "text/csv", csv).await
}

// ---- challenge prizes ---------------------------------------------------------------------

pub async fn challenge_prizes(session: Session, slug: &str) -> Result<ChallengePrizes, ApiError> {
    let path = format!("/staff/challenges/{}/prizes", encode_component(slug));
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn set_challenge_prizes(
    session: Session,
    slug: &str,
    input: &PrizesInput,
) -> Result<ChallengePrizes, ApiError> {
    let path = format!("/staff/challenges/{}/prizes", encode_component(slug));
    authed(session, Method::PUT, &path, Body::json(input)?).await
}

pub async fn confirm_winners(session: Session, slug: &str) -> Result<ChallengePrizes, ApiError> {
    let path = format!(
        "/staff/challenges/{}/winners/confirm",
        encode_component(slug)
    );
    authed(session, Method::POST, &path, Body::Empty).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_carry_only_the_filters_that_are_set() {
        assert_eq!(payouts_path(None, None), "/finance/payouts");
        assert_eq!(
            payouts_path(Some(PayoutStatus::Approved), Some(" 2026-11 ")),
            "/finance/payouts?status=approved&period=2026-11"
        );
        assert_eq!(payouts_path(None, Some("")), "/finance/payouts");
        assert_eq!(
            earning_lines_path(Some("t:42"), 20),
            "/me/earnings/lines?cursor=t%3A42&limit=20"
        );
        assert_eq!(earning_lines_path(None, 20), "/me/earnings/lines?limit=20");
        assert_eq!(
            statement_file_path(None, "2026-11", "pdf"),
            "/me/statements/2026-11/pdf"
        );
        assert_eq!(
            statement_file_path(Some(7), "2026-11", "pdf"),
            "/finance/creators/7/statements/2026-11/pdf"
        );
        assert_eq!(
            sales_csv_path("sales nov.csv"),
            "/finance/product-sales/csv?filename=sales%20nov.csv"
        );
    }

    #[test]
    fn a_rejected_import_lists_its_bad_lines() {
        let body = r#"{"error":{"code":"invalid_sales","message":"2 bad lines"},
            "lines":[{"line":2,"field":"period","code":"invalid_period","message":"bad"}]}"#;
        match import_answer(422, body) {
            Err(ImportError::Lines(e)) => {
                assert_eq!(e.lines.len(), 1);
                assert_eq!(e.lines[0].field, "period");
            }
            other => panic!("{other:?}"),
        }
        match import_answer(
            403,
            r#"{"error":{"code":"finance_required","message":"no"}}"#,
        ) {
            Err(ImportError::Api(e)) => assert_eq!(e.code, "finance_required"),
            other => panic!("{other:?}"),
        }
        let ok = import_answer(200, r#"{"import_id":3,"lines":[]}"#);
        assert!(matches!(ok, Ok(r) if r.import_id == Some(3)));
    }
}
