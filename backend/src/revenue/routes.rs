//! HTTP handlers for revenue agreements, products and their sales, and
//! challenge prizes. Finance routes need the finance permission (admins
//! always; staff when granted: 403 `finance_required` otherwise); prize
//! routes need staff.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, mime, post, put, web};
use atelier_api::{
    Agreement, AgreementInput, ChallengePrizes, ErrorDetail, PrizesInput, Product, ProductInput,
    SalesImportErrors, SalesImportRequest, SalesImportResult, SalesLineError,
};
use bytes::BytesMut;
use futures_util::StreamExt;
use serde::Deserialize;

use super::imports::{self, Imported, Source};
use super::{agreements, prizes, products};
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

const FINANCE_403: &str =
    "`finance_required`: only finance staff (admins, and staff an admin granted it) may do this";
const STAFF_403: &str = "`forbidden`: staff only";

#[utoipa::path(
    get,
    path = "/api/v1/finance/templates/{id}/agreement",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path, description = "the template")),
    responses(
        (status = 200, body = Agreement, description = "the agreement in force now; without one, the default (id 0): the configured share to the template's creator from the template's creation"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such template")
    )
)]
#[get("/finance/templates/{id}/agreement")]
pub async fn template_agreement(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (db, user, id, ledger) = (&state.db, &user, id.into_inner(), &state.settings.ledger);
    let a = crate::db::read(|| agreements::get_template(db, user, id, ledger)).await?;
    Ok(HttpResponse::Ok().json(a))
}

#[utoipa::path(
    put,
    path = "/api/v1/finance/templates/{id}/agreement",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path, description = "the template")),
    request_body = AgreementInput,
    responses(
        (status = 200, body = Agreement, description = "the new agreement: it supersedes earlier ones from its start (sales already posted stay as they are); audited `agreement.template`"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such template"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_share` (0-10000 bp), `invalid_parties` (1-20, positive weights, each user once), `unknown_party`, `invalid_term` (ends before it starts), `invalid_note`")
    )
)]
#[put("/finance/templates/{id}/agreement")]
pub async fn put_template_agreement(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<AgreementInput>,
) -> ApiResult<HttpResponse> {
    let a = agreements::set_template(&state.db, &user, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(a))
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/products",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    responses(
        (status = 200, body = [Product], description = "every product, oldest first, with its agreement in force and the royalties posted"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403)
    )
)]
#[get("/finance/products")]
pub async fn list_products(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    let (db, user) = (&state.db, &user);
    let list = crate::db::read(|| products::list(db, user)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(
    post,
    path = "/api/v1/finance/products",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    request_body = ProductInput,
    responses(
        (status = 201, body = Product, description = "the product and its royalty agreement; audited `product.create`"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 409, body = atelier_api::ErrorBody, description = "`code_taken`: another product has this code"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_product_code` (1-40 of A-Z 0-9 -), `invalid_product_name`, `invalid_currency`, `unknown_challenge`, `unknown_submission`, and the agreement's `invalid_share`, `invalid_parties`, `unknown_party`, `invalid_term`, `invalid_note`")
    )
)]
#[post("/finance/products")]
pub async fn create_product(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<ProductInput>,
) -> ApiResult<HttpResponse> {
    let p = products::create(&state.db, &user, body.into_inner(), &state.settings.ledger).await?;
    Ok(HttpResponse::Created().json(p))
}

#[utoipa::path(
    get,
    path = "/api/v1/finance/products/{id}",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Product),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such product")
    )
)]
#[get("/finance/products/{id}")]
pub async fn get_product(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (db, user, id) = (&state.db, &user, id.into_inner());
    let p = crate::db::read(|| products::get(db, user, id)).await?;
    Ok(HttpResponse::Ok().json(p))
}

#[utoipa::path(
    put,
    path = "/api/v1/finance/products/{id}/agreement",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = AgreementInput,
    responses(
        (status = 200, body = Agreement, description = "the new royalty agreement: it supersedes earlier ones from its start; audited `agreement.product`"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such product"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_share` (0-10000 bp), `invalid_parties` (1-20, positive weights, each user once), `unknown_party`, `invalid_term` (ends before it starts), `invalid_note`")
    )
)]
#[put("/finance/products/{id}/agreement")]
pub async fn put_product_agreement(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<AgreementInput>,
) -> ApiResult<HttpResponse> {
    let a = products::set_agreement(&state.db, &user, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(a))
}

/// How long a sales upload may take to arrive.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// Reads a request body whole, up to [`imports::MAX_BYTES`]: 413
/// `payload_too_large` beyond it (from Content-Length or as it streams), 400
/// `upload_interrupted` when the connection breaks off, 408
/// `upload_timeout` when it takes too long.
async fn read_body(req: &HttpRequest, mut payload: web::Payload) -> ApiResult<bytes::Bytes> {
    let limit = imports::MAX_BYTES;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("a sales import is at most {limit} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let read = async {
        let mut buf = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request(
                    "upload_interrupted",
                    "the body could not be read to the end",
                )
                .with_source(anyhow::anyhow!("{e}"))
            })?;
            if buf.len() + chunk.len() > limit {
                return Err(too_large());
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(buf.freeze())
    };
    tokio::time::timeout(BODY_TIMEOUT, read)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "upload_timeout",
                "the upload took too long",
            )
        })?
}

/// The 422 `invalid_sales` answer: every bad line, in the request's language.
fn invalid_sales(req: &HttpRequest, lines: Vec<SalesLineError>) -> HttpResponse {
    let locale = crate::i18n::locale_of(req);
    let count = lines.len();
    let main = ApiError::validation(format!(
        "{count} {} of the import {} bad; nothing was posted",
        if count == 1 { "line" } else { "lines" },
        if count == 1 { "is" } else { "are" },
    ))
    .code("invalid_sales");
    let lines = lines
        .into_iter()
        .map(|mut l| {
            if locale != atelier_api::i18n::Locale::En
                && let Some(m) = atelier_api::i18n::errors::message(locale, &l.code)
            {
                l.message = format!("{}: {m}", l.line);
            }
            l
        })
        .collect();
    HttpResponse::UnprocessableEntity()
        .insert_header((actix_web::http::header::CONTENT_LANGUAGE, locale.tag()))
        .append_header((actix_web::http::header::VARY, "Accept-Language"))
        .json(SalesImportErrors {
            error: ErrorDetail {
                code: main.code.to_owned(),
                message: main.localised_message(locale),
                reason: None,
                args: Default::default(),
            },
            lines,
        })
}

fn answer(req: &HttpRequest, imported: Imported) -> HttpResponse {
    match imported {
        Imported::Done(result) => HttpResponse::Ok().json(result),
        Imported::Invalid(lines) => invalid_sales(req, lines),
    }
}

const SALES_422: &str = "`invalid_sales`: the body is a SalesImportErrors (this ErrorBody with `lines`, every bad line with its `line`, `field` and `code`: `missing_field`, `unknown_product`, `invalid_period`, `invalid_amount`, `currency_mismatch`, `duplicate_line`, `no_agreement`, `outside_term`, `extra_field`); nothing was posted. `empty_import`, `too_many_lines` (at most 10,000)";

const SALES_CSV_422: &str = "`invalid_csv` (not UTF-8, or line 1 is not the header), `invalid_filename`; `invalid_sales`: the body is a SalesImportErrors (this ErrorBody with `lines`, every bad line with its `line`, `field` and `code`: `missing_field`, `unknown_product`, `invalid_period`, `invalid_amount`, `currency_mismatch`, `duplicate_line`, `no_agreement`, `outside_term`, `extra_field`); nothing was posted. `empty_import`, `too_many_lines` (at most 10,000)";

#[utoipa::path(
    post,
    path = "/api/v1/finance/product-sales",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    request_body(content = SalesImportRequest, content_type = "application/json", description = "net sales in minor units; `line` numbers in answers are 1-based positions in `lines`; at most 5 MB"),
    responses(
        (status = 200, body = SalesImportResult, description = "what each line did: `posted`, `unchanged` (the same figures as before: nothing posted) or `corrected` (the previous royalty reversed, the new one posted); audited `product_sales.import`"),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_json`: not a SalesImportRequest"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 409, body = atelier_api::ErrorBody, description = "`import_conflict`: a concurrent import wrote the same sales twice over; send it again"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`: more than 5 MB"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_media_type`: send Content-Type: application/json"),
        (status = 422, body = atelier_api::ErrorBody, description = SALES_422)
    )
)]
#[post("/finance/product-sales")]
pub async fn import_sales(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let is_json = matches!(
        req.mime_type(),
        Ok(Some(m)) if m.essence_str() == mime::APPLICATION_JSON.essence_str()
    );
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "expected Content-Type: application/json",
        ));
    }
    let body = read_body(&req, payload).await?;
    let request: SalesImportRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request("invalid_json", format!("invalid JSON body: {e}"))
            .detail(e.to_string())
    })?;
    imports::check_count(&request.lines)?;
    let given = imports::from_json(request.lines);
    let imported = imports::import(&state.db, user.id(), Source::Api, &given).await?;
    Ok(answer(&req, imported))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CsvQuery {
    /// The uploaded file's name, kept with the import (at most 255 characters).
    pub filename: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/finance/product-sales/csv",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(CsvQuery),
    request_body(content = String, content_type = "text/csv", description = "UTF-8 (a byte order mark is skipped); line 1 the header `product_code,period,units,net_sales,currency`; `net_sales` in major units with at most the currency's decimals (`12345.50` for TWD); at most 5 MB and 10,000 lines"),
    responses(
        (status = 200, body = SalesImportResult, description = "what each line did (`line` is the file's line number, the header being 1): `posted`, `unchanged` or `corrected`; audited `product_sales.import_csv`"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 409, body = atelier_api::ErrorBody, description = "`import_conflict`: a concurrent import wrote the same sales twice over; send it again"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`: more than 5 MB"),
        (status = 415, body = atelier_api::ErrorBody, description = "`csv_required`: send Content-Type: text/csv"),
        (status = 422, body = atelier_api::ErrorBody, description = SALES_CSV_422)
    )
)]
#[post("/finance/product-sales/csv")]
pub async fn import_sales_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    query: web::Query<CsvQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let is_csv = matches!(
        req.mime_type(),
        Ok(Some(m)) if m.essence_str() == mime::TEXT_CSV.essence_str()
    );
    if !is_csv {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "csv_required",
            "send the sales as Content-Type: text/csv",
        ));
    }
    let filename = match query.filename.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(f) if f.chars().count() <= 255 && !f.chars().any(char::is_control) => Some(f),
        Some(_) => {
            return Err(ApiError::validation(
                "a file name has at most 255 characters and no control characters",
            )
            .code("invalid_filename"));
        }
    };
    let body = read_body(&req, payload).await?;
    let given = imports::parse_csv(&body)?;
    let imported = imports::import(&state.db, user.id(), Source::Csv { filename }, &given).await?;
    Ok(answer(&req, imported))
}

#[utoipa::path(
    get,
    path = "/api/v1/staff/challenges/{slug}/prizes",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path)),
    responses(
        (status = 200, body = ChallengePrizes, description = "the prizes per place and, once the winners are confirmed, who received them"),
        (status = 403, body = atelier_api::ErrorBody, description = STAFF_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such challenge")
    )
)]
#[get("/staff/challenges/{slug}/prizes")]
pub async fn get_prizes(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let (db, user, slug) = (&state.db, &user, slug.as_str());
    let p = crate::db::read(|| prizes::get(db, user, slug)).await?;
    Ok(HttpResponse::Ok().json(p))
}

#[utoipa::path(
    put,
    path = "/api/v1/staff/challenges/{slug}/prizes",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path)),
    request_body = PrizesInput,
    responses(
        (status = 200, body = ChallengePrizes, description = "the prizes, replaced; audited `challenge.prizes`"),
        (status = 403, body = atelier_api::ErrorBody, description = STAFF_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such challenge"),
        (status = 409, body = atelier_api::ErrorBody, description = "`prizes_confirmed`: the winners are confirmed and the prizes posted"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_prize`: places 1-10, each once; amounts more than 0; currencies of three capital letters")
    )
)]
#[put("/staff/challenges/{slug}/prizes")]
pub async fn put_prizes(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: web::Json<PrizesInput>,
) -> ApiResult<HttpResponse> {
    let p = prizes::put(&state.db, &user, &slug, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(p))
}

#[utoipa::path(
    post,
    path = "/api/v1/staff/challenges/{slug}/winners/confirm",
    tag = "revenue",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path)),
    responses(
        (status = 200, body = ChallengePrizes, description = "each place's prize posted to its winner's author, once; confirming again answers the same and posts nothing; audited `challenge.confirm_winners`. The winners no longer change (PUT /challenges/{slug}/winners answers 409 `winners_confirmed`)"),
        (status = 403, body = atelier_api::ErrorBody, description = STAFF_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such challenge"),
        (status = 409, body = atelier_api::ErrorBody, description = "`no_winners`: pick the winners first")
    )
)]
#[post("/staff/challenges/{slug}/winners/confirm")]
pub async fn confirm_winners(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let p = prizes::confirm(&state.db, &user, &slug).await?;
    Ok(HttpResponse::Ok().json(p))
}
