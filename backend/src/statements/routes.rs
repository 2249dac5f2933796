//! HTTP handlers: a creator's earnings, lines, statements and tax summary
//! (their own), and finance staff's views of every creator and the ledger.

use actix_web::{HttpResponse, get, web};
use atelier_api::{
    AccountBalance, EarningLinePage, EarningsSummary, FinanceOverview, Reconciliation, Statement,
    StatementMonth, TaxSummary,
};
use chrono::Utc;
use serde::Deserialize;

use super::statement::{self, Owner};
use super::{export, finance, pdf, reconcile, summary};
use crate::auth::CurrentUser;
use crate::db::read;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LinesQuery {
    /// The `next_cursor` of the previous page; the newest lines without it.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/me/earnings",
    tag = "statements",
    security(("bearer" = [])),
    responses((status = 200, body = EarningsSummary, description = "the caller's balance, pending payouts, lifetime earnings by source, the last 12 months (Asia/Taipei) and the next payout's estimate"))
)]
#[get("/me/earnings")]
pub async fn my_earnings(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    let s = read(|| summary::earnings(&state.db, &state.settings.ledger, user.id())).await?;
    Ok(HttpResponse::Ok().json(s))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/earnings/lines",
    tag = "statements",
    security(("bearer" = [])),
    params(LinesQuery),
    responses(
        (status = 200, body = EarningLinePage, description = "the caller's lines, newest first: posted lines and holds of payouts not yet paid or failed (`pending`)"),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_cursor`, `invalid_limit`")
    )
)]
#[get("/me/earnings/lines")]
pub async fn my_earning_lines(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<LinesQuery>,
) -> ApiResult<HttpResponse> {
    let page = read(|| {
        summary::lines_page(
            &state.db,
            &state.settings.ledger,
            user.id(),
            query.cursor.as_deref(),
            query.limit,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/statements",
    tag = "statements",
    security(("bearer" = [])),
    responses((status = 200, body = [StatementMonth], description = "newest first: every month (Asia/Taipei) from the caller's first ledger line to this month; empty before any"))
)]
#[get("/me/statements")]
pub async fn my_statements(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    let currency = &state.settings.ledger.currency;
    let lines = read(|| statement::all_lines(&state.db, user.id(), currency)).await?;
    Ok(HttpResponse::Ok().json(statement::months(&lines, currency, Utc::now())))
}

/// The statement of `owner` for `month`, or 422 `invalid_period`.
async fn statement_of(state: &AppState, owner: Owner, month: &str) -> ApiResult<Statement> {
    let now = Utc::now();
    let month = statement::statement_month(month, now)?;
    let currency = &state.settings.ledger.currency;
    let lines = read(|| statement::all_lines(&state.db, owner.id, currency)).await?;
    Ok(statement::build(&owner, month, currency, &lines, now))
}

fn owner_of(user: &CurrentUser) -> Owner {
    Owner {
        id: user.id(),
        handle: user.user.handle.clone(),
        display_name: user.user.display_name.clone(),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/me/statements/{month}",
    tag = "statements",
    security(("bearer" = [])),
    params(("month" = String, Path, description = "`YYYY-MM` (Asia/Taipei), this month or earlier")),
    responses(
        (status = 200, body = Statement, description = "opening balance, earnings by source, withholding, payouts (gross) and closing balance, with the month's posted lines oldest first; opening + total_earnings - payouts = closing"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: not `YYYY-MM`, or a month that has not begun")
    )
)]
#[get("/me/statements/{month}")]
pub async fn my_statement(
    state: web::Data<AppState>,
    user: CurrentUser,
    month: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let st = statement_of(&state, owner_of(&user), &month).await?;
    Ok(HttpResponse::Ok().json(st))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/statements/{month}/csv",
    tag = "statements",
    security(("bearer" = [])),
    params(("month" = String, Path, description = "`YYYY-MM` (Asia/Taipei), this month or earlier")),
    responses(
        (status = 200, content_type = "text/csv", description = "the month's lines: `date,kind,source,description,amount` (date in Asia/Taipei, amount in major units with the currency's decimals)"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: not `YYYY-MM`, or a month that has not begun")
    )
)]
#[get("/me/statements/{month}/csv")]
pub async fn my_statement_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    month: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let st = statement_of(&state, owner_of(&user), &month).await?;
    let csv = export::statement_csv(&st)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"statement-{}.csv\"", st.month),
        ))
        .body(csv))
}

fn pdf_response(bytes: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(bytes)
}

async fn statement_pdf(state: &AppState, st: &Statement) -> ApiResult<HttpResponse> {
    let bytes = pdf::render_blocking(
        state.settings.ledger.statement_font.clone(),
        pdf::statement_report(st),
    )
    .await?;
    Ok(pdf_response(
        bytes,
        &format!("statement-{}-{}.pdf", st.handle, st.month),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/statements/{month}/pdf",
    tag = "statements",
    security(("bearer" = [])),
    params(("month" = String, Path, description = "`YYYY-MM` (Asia/Taipei), this month or earlier")),
    responses(
        (status = 200, content_type = "application/pdf", description = "the statement as an A4 PDF"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: not `YYYY-MM`, or a month that has not begun"),
        (status = 503, body = atelier_api::ErrorBody, description = "`statement_pdf_unavailable`: the server's statement font is missing")
    )
)]
#[get("/me/statements/{month}/pdf")]
pub async fn my_statement_pdf(
    state: web::Data<AppState>,
    user: CurrentUser,
    month: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let st = statement_of(&state, owner_of(&user), &month).await?;
    statement_pdf(&state, &st).await
}

async fn tax_summary_of(state: &AppState, owner: Owner, year: i32) -> ApiResult<TaxSummary> {
    let year = statement::tax_year(year, Utc::now())?;
    let currency = &state.settings.ledger.currency;
    let lines = read(|| statement::all_lines(&state.db, owner.id, currency)).await?;
    let residency = read(|| statement::residency(&state.db, owner.id)).await?;
    Ok(statement::tax_summary(
        &owner, year, currency, residency, &lines,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/tax-summary/{year}",
    tag = "statements",
    security(("bearer" = [])),
    params(("year" = i32, Path, description = "2000 to this year (Asia/Taipei)")),
    responses(
        (status = 200, body = TaxSummary, description = "the year's earnings by source and month, and its payouts: gross, tax withheld, net"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: a year before 2000 or after this one")
    )
)]
#[get("/me/tax-summary/{year}")]
pub async fn my_tax_summary(
    state: web::Data<AppState>,
    user: CurrentUser,
    year: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    let t = tax_summary_of(&state, owner_of(&user), year.into_inner()).await?;
    Ok(HttpResponse::Ok().json(t))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/tax-summary/{year}/pdf",
    tag = "statements",
    security(("bearer" = [])),
    params(("year" = i32, Path, description = "2000 to this year (Asia/Taipei)")),
    responses(
        (status = 200, content_type = "application/pdf", description = "the tax summary as an A4 PDF"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: a year before 2000 or after this one"),
        (status = 503, body = atelier_api::ErrorBody, description = "`statement_pdf_unavailable`: the server's statement font is missing")
    )
)]
#[get("/me/tax-summary/{year}/pdf")]
pub async fn my_tax_summary_pdf(
    state: web::Data<AppState>,
    user: CurrentUser,
    year: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    let t = tax_summary_of(&state, owner_of(&user), year.into_inner()).await?;
    let bytes = pdf::render_blocking(
        state.settings.ledger.statement_font.clone(),
        pdf::tax_report(&t, Utc::now()),
    )
    .await?;
    Ok(pdf_response(
        bytes,
        &format!("tax-summary-{}-{}.pdf", t.handle, t.year),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/creators",
    tag = "finance",
    security(("bearer" = ["finance"])),
    responses(
        (status = 200, body = [AccountBalance], description = "every creator's payable account with its owner's handle: posted and pending sums, debit positive (what a creator is owed is negative)"),
        (status = 403, body = atelier_api::ErrorBody, description = "`finance_required`: only admins and staff granted the finance permission")
    )
)]
#[get("/finance/creators")]
pub async fn finance_creators(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let accounts = read(|| finance::balances(&state.db, true)).await?;
    Ok(HttpResponse::Ok().json(accounts))
}

/// The creator `id` for finance staff: 403 first, then 404.
async fn creator_for_finance(state: &AppState, user: &CurrentUser, id: i64) -> ApiResult<Owner> {
    user.require_self_or_finance(id)?;
    read(|| statement::owner(&state.db, id)).await
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/creators/{id}/earnings",
    tag = "finance",
    security(("bearer" = ["finance"])),
    params(("id" = i64, Path, description = "the creator's user id")),
    responses(
        (status = 200, body = EarningsSummary, description = "the creator's earnings page, as they see it"),
        (status = 403, body = atelier_api::ErrorBody, description = "`finance_required`: only admins and staff granted the finance permission"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such user")
    )
)]
#[get("/finance/creators/{id}/earnings")]
pub async fn creator_earnings(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let owner = creator_for_finance(&state, &user, id.into_inner()).await?;
    let s = read(|| summary::earnings(&state.db, &state.settings.ledger, owner.id)).await?;
    Ok(HttpResponse::Ok().json(s))
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/creators/{id}/statements/{month}",
    tag = "finance",
    security(("bearer" = ["finance"])),
    params(
        ("id" = i64, Path, description = "the creator's user id"),
        ("month" = String, Path, description = "`YYYY-MM` (Asia/Taipei), this month or earlier")
    ),
    responses(
        (status = 200, body = Statement, description = "the creator's statement for the month"),
        (status = 403, body = atelier_api::ErrorBody, description = "`finance_required`: only admins and staff granted the finance permission"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such user"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: not `YYYY-MM`, or a month that has not begun")
    )
)]
#[get("/finance/creators/{id}/statements/{month}")]
pub async fn creator_statement(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i64, String)>,
) -> ApiResult<HttpResponse> {
    let (id, month) = path.into_inner();
    let owner = creator_for_finance(&state, &user, id).await?;
    let st = statement_of(&state, owner, &month).await?;
    Ok(HttpResponse::Ok().json(st))
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/creators/{id}/statements/{month}/pdf",
    tag = "finance",
    security(("bearer" = ["finance"])),
    params(
        ("id" = i64, Path, description = "the creator's user id"),
        ("month" = String, Path, description = "`YYYY-MM` (Asia/Taipei), this month or earlier")
    ),
    responses(
        (status = 200, content_type = "application/pdf", description = "the creator's statement as an A4 PDF"),
        (status = 403, body = atelier_api::ErrorBody, description = "`finance_required`: only admins and staff granted the finance permission"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such user"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: not `YYYY-MM`, or a month that has not begun"),
        (status = 503, body = atelier_api::ErrorBody, description = "`statement_pdf_unavailable`: the server's statement font is missing")
    )
)]
#[get("/finance/creators/{id}/statements/{month}/pdf")]
pub async fn creator_statement_pdf(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i64, String)>,
) -> ApiResult<HttpResponse> {
    let (id, month) = path.into_inner();
    let owner = creator_for_finance(&state, &user, id).await?;
    let st = statement_of(&state, owner, &month).await?;
    statement_pdf(&state, &st).await
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/overview",
    tag = "finance",
    security(("bearer" = ["finance"])),
    responses(
        (status = 200, body = FinanceOverview, description = "platform revenue, what creators are owed and what payouts hold, tax withheld, royalties and prizes posted, creators' earnings by month (last 12, Asia/Taipei), payouts waiting, and every account's balance"),
        (status = 403, body = atelier_api::ErrorBody, description = "`finance_required`: only admins and staff granted the finance permission")
    )
)]
#[get("/finance/overview")]
pub async fn overview(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let o = read(|| finance::overview(&state.db, &state.settings.ledger)).await?;
    Ok(HttpResponse::Ok().json(o))
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/reconciliation",
    tag = "finance",
    security(("bearer" = ["finance"])),
    responses(
        (status = 200, body = Reconciliation, description = "each check with what it found; `ok` when all pass (`transfers_balanced`, `lines_sum_to_zero`, `pending_resolved_once`, `orders_posted`, `refunds_posted`, `payouts_match`, `reversals_negate`, `no_negative_creator_balance`)"),
        (status = 403, body = atelier_api::ErrorBody, description = "`finance_required`: only admins and staff granted the finance permission")
    )
)]
#[get("/finance/reconciliation")]
pub async fn reconciliation(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let r = read(|| reconcile::reconcile(&state.db)).await?;
    Ok(HttpResponse::Ok().json(r))
}

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    /// Every schema these operations name, directly or through other
    /// schemas, is in the document's components.
    #[test]
    fn the_documented_schemas_resolve() {
        let doc = serde_json::to_value(crate::openapi::ApiDoc::openapi()).unwrap();
        let mut refs = Vec::new();
        for path in crate::routes::DOCUMENTED
            .iter()
            .map(|(_, p)| *p)
            .filter(|p| {
                p.starts_with("/api/v1/me/earnings")
                    || p.starts_with("/api/v1/me/statements")
                    || p.starts_with("/api/v1/me/tax-summary")
                    || p.starts_with("/api/v1/finance/creators")
                    || p.starts_with("/api/v1/finance/overview")
                    || p.starts_with("/api/v1/finance/reconciliation")
            })
        {
            let op = &doc["paths"][path]["get"];
            assert!(op.is_object(), "{path} is not documented");
            collect(op, &mut refs);
        }
        let mut seen = std::collections::BTreeSet::new();
        while let Some(r) = refs.pop() {
            if !seen.insert(r.clone()) {
                continue;
            }
            let name = r.rsplit('/').next().unwrap();
            let schema = &doc["components"]["schemas"][name];
            assert!(schema.is_object(), "{r} is not in the components");
            collect(schema, &mut refs);
        }
        for name in [
            "EarningsSummary",
            "PayoutEstimate",
            "Statement",
            "TaxSummary",
            "Reconciliation",
            "FinanceOverview",
            "EarningLinePage",
            "AccountBalance",
        ] {
            assert!(
                seen.contains(&format!("#/components/schemas/{name}")),
                "{name}: {seen:?}"
            );
        }
    }

    fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| collect(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
}
