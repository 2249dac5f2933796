//! The OpenAPI document for `/api/v1`, served at `/api/v1/openapi.json`.
//! Every handler with a `#[utoipa::path]` must be listed here; a test checks
//! that each route the app answers appears in the document.
//!
//! Handlers declare their own answers; [`FrameworkResponses`] adds, to every
//! operation, the answers the framework gives by itself (malformed input,
//! missing or bad tokens, roles, oversized bodies, the database being down),
//! so a new operation is complete as soon as it states its body, parameters,
//! security and the roles it needs (`security(("bearer" = ["staff", "admin"]))`).

use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::{Content, Ref, RefOr, Response};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Atelier API",
        description = "Design challenges, voting and co-creation for brand communities."
    ),
    paths(
        crate::health::healthz,
        crate::health::readyz,
        crate::site::info,
        crate::challenges::routes::list,
        crate::challenges::routes::get_one,
        crate::auth::routes::register,
        crate::auth::routes::login,
        crate::auth::routes::refresh_tokens,
        crate::auth::routes::logout,
        crate::auth::verify::verify_email,
        crate::auth::verify::resend_verification,
        crate::users::routes::me,
        crate::users::routes::update_me,
        crate::users::routes::put_avatar,
        crate::users::routes::public_profile,
        crate::users::routes::list_users,
        crate::users::routes::change_role,
        crate::users::routes::audit_log,
        crate::experts::routes::apply,
        crate::experts::routes::mine,
        crate::experts::routes::list,
        crate::experts::routes::decide,
        crate::media::routes::get_object,
        crate::challenges::routes::create,
        crate::challenges::routes::update,
        crate::challenges::routes::override_phase,
        crate::challenges::routes::put_cover,
        crate::entries::routes::submit,
        crate::entries::routes::list,
        crate::entries::routes::palette_check,
        crate::entries::routes::get_one,
        crate::entries::routes::original,
        crate::entries::routes::update,
        crate::entries::routes::withdraw,
        crate::entries::routes::mine,
        crate::entries::routes::neighbours,
        crate::entries::routes::disqualify,
        crate::entries::routes::duplicates,
        crate::entries::routes::resolve_duplicate,
        crate::voting::routes::vote,
        crate::voting::routes::my_vote,
        crate::voting::routes::clear_vote,
        crate::voting::routes::results,
        crate::voting::routes::pick_winners,
        crate::voting::routes::list_polls,
        crate::voting::routes::create_poll,
        crate::voting::routes::get_poll,
        crate::voting::routes::update_poll,
        crate::voting::routes::option_image,
        crate::voting::routes::invite,
        crate::voting::routes::ballot,
        crate::voting::routes::poll_results,
        crate::voting::routes::export,
        crate::voting::routes::list_flags,
        crate::voting::routes::review_flag,
        crate::templates::routes::licences,
        crate::templates::routes_market::catalogue,
        crate::templates::routes::create,
        crate::templates::routes::get_one,
        crate::templates::routes::update,
        crate::templates::routes::remove,
        crate::templates::routes_files::add_preview,
        crate::templates::routes_files::remove_preview,
        crate::templates::routes_files::add_file,
        crate::templates::routes_files::remove_file,
        crate::templates::routes_files::link,
        crate::templates::routes_files::download,
        crate::templates::routes::submit,
        crate::templates::routes::unlist,
        crate::templates::routes::relist,
        crate::templates::routes_market::entries,
        crate::templates::routes::mine,
        crate::templates::routes_market::my_stats,
        crate::templates::routes::review_queue,
        crate::templates::routes::review,
        crate::templates::routes_market::staff_stats,
        crate::templates::routes::set_creator,
        crate::templates::routes_market::challenge_templates,
        crate::templates::routes_market::set_challenge_templates,
        crate::orders::routes::take_licence,
        crate::orders::routes::create_order,
        crate::orders::routes::get_order,
        crate::orders::routes::cancel_order,
        crate::orders::routes::my_orders,
        crate::orders::routes::my_library,
        crate::orders::routes::staff_orders,
        crate::orders::routes::mark_paid,
        crate::orders::routes::refund,
        crate::payments::routes::stripe_webhook,
        // ledger paths (begin)
        crate::users::finance::grant_finance,
        // ledger paths (end)
        // --
        // revenue paths (begin)
        crate::revenue::routes::template_agreement,
        crate::revenue::routes::put_template_agreement,
        crate::revenue::routes::list_products,
        crate::revenue::routes::create_product,
        crate::revenue::routes::get_product,
        crate::revenue::routes::put_product_agreement,
        crate::revenue::routes::import_sales,
        crate::revenue::routes::import_sales_csv,
        crate::revenue::routes::get_prizes,
        crate::revenue::routes::put_prizes,
        crate::revenue::routes::confirm_winners,
        // revenue paths (end)
        // --
        // payouts paths (begin)
        crate::payouts::routes::get_settings,
        crate::payouts::routes::put_settings,
        crate::payouts::routes::my_payouts,
        crate::payouts::routes::finance_payouts,
        crate::payouts::routes::create_run,
        crate::payouts::routes::approve,
        crate::payouts::routes::paid,
        crate::payouts::routes::failed,
        // payouts paths (end)
        // --
        // statements paths (begin)
        crate::statements::routes::my_earnings,
        crate::statements::routes::my_earning_lines,
        crate::statements::routes::my_statements,
        crate::statements::routes::my_statement,
        crate::statements::routes::my_statement_csv,
        crate::statements::routes::my_statement_pdf,
        crate::statements::routes::my_tax_summary,
        crate::statements::routes::my_tax_summary_pdf,
        crate::statements::routes::finance_creators,
        crate::statements::routes::creator_earnings,
        crate::statements::routes::creator_statement,
        crate::statements::routes::creator_statement_pdf,
        crate::statements::routes::overview,
        crate::statements::routes::reconciliation,
        // statements paths (end)
        // --
    ),
    components(schemas(
        atelier_api::ErrorBody,
        atelier_api::ErrorDetail,
        atelier_api::ErrorArg,
        // Referenced by query parameters, which do not collect their schemas.
        atelier_api::TemplateSort,
        atelier_api::TemplateCategory,
        atelier_api::LicenceKind,
        // ledger schemas (begin)
        // ledger schemas (end)
        // --
        // revenue schemas (begin)
        atelier_api::SalesImportErrors,
        atelier_api::SalesLineError,
        atelier_api::AgreementSubject,
        // revenue schemas (end)
        // --
        // payouts schemas (begin)
        atelier_api::PayoutStatus,
        // payouts schemas (end)
        // --
        // statements schemas (begin)
        // statements schemas (end)
        // --
    )),
    modifiers(&BearerAuth, &FrameworkResponses)
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the secured operations refer to.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Paths whose handlers touch no database (everything else may answer 503
/// `database_unavailable`).
const NOT_DB_BACKED: &[&str] = &["/healthz", "/api/v1/media/{key}"];

const JSON_BODY_400: &str =
    "`invalid_json`, `invalid_body`: the JSON body is malformed or does not match the schema";
const UPLOAD_400: &str = "`upload_interrupted`: the body could not be read to the end";
const FORM_400: &str = "`invalid_form`: not a well-formed form, a field with no name, an unknown or repeated field, a second `file`, or text that is not UTF-8";
const QUERY_400: &str = "`invalid_query`: a query parameter has the wrong type";
const PATH_400: &str = "`invalid_path`: a path parameter has the wrong type";
const UNAUTHENTICATED_401: &str = "`unauthenticated` (no Authorization header), `invalid_token` (malformed, forged or for a deleted account), `token_expired` (refresh it)";
const OPTIONAL_TOKEN_401: &str = "a token was sent but is not valid: `invalid_token`, `token_expired` (without one the request is answered anonymously)";
const PAYLOAD_413: &str = "`payload_too_large`: the body exceeds the size limit";
const JSON_415: &str = "`unsupported_media_type`: send Content-Type: application/json";
const FORM_415: &str =
    "`unsupported_media_type`: send multipart/form-data with the image in the `file` field";
const FORM_422: &str = "`missing_file`: the form has no `file` field";
const FORM_503: &str = "`uploads_busy`: too many uploads are being received; see Retry-After";
const UPLOAD_408: &str = "`upload_timeout`: the body took too long to arrive";
const RATE_429: &str = "`rate_limited`: too many attempts; see Retry-After";
const DB_503: &str = "`database_unavailable`: the database is unreachable; retry later";

/// What an operation's declaration says about the answers the framework
/// itself can give.
#[derive(Debug, Default)]
struct Shape {
    json_body: bool,
    /// `multipart/form-data`: an upload read by `media::upload`.
    form_body: bool,
    other_body: bool,
    query: bool,
    typed_path: bool,
    /// `Some(false)`: a bearer token is required; `Some(true)`: optional.
    bearer: Option<bool>,
    roles: Vec<String>,
}

impl Shape {
    fn of(op: &Operation) -> Shape {
        let mut shape = Shape::default();
        if let Some(body) = &op.request_body {
            for content_type in body.content.keys() {
                if content_type == "application/json" {
                    shape.json_body = true;
                } else if content_type == "multipart/form-data" {
                    shape.form_body = true;
                } else {
                    shape.other_body = true;
                }
            }
        }
        for p in op.parameters.iter().flatten() {
            match p.parameter_in {
                ParameterIn::Query => shape.query = true,
                ParameterIn::Path => {
                    let ty = serde_json::to_value(&p.schema).unwrap_or_default();
                    if ty["type"] != "string" {
                        shape.typed_path = true;
                    }
                }
                _ => {}
            }
        }
        // A requirement's fields are private: read it through its JSON form.
        let requirements: Vec<serde_json::Value> = op
            .security
            .iter()
            .flatten()
            .filter_map(|r| serde_json::to_value(r).ok())
            .collect();
        let anonymous_allowed = requirements
            .iter()
            .any(|r| r.as_object().is_some_and(|o| o.is_empty()));
        for r in &requirements {
            if let Some(scopes) = r.get("bearer") {
                shape.bearer = Some(anonymous_allowed);
                shape.roles.extend(
                    scopes
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|s| s.as_str().map(str::to_owned)),
                );
            }
        }
        shape
    }
}

/// Adds the framework's answers to every operation; where a handler already
/// declares the status, the generic codes are appended to its description.
struct FrameworkResponses;

impl utoipa::Modify for FrameworkResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            for op in operations_mut(item) {
                declare_framework_responses(path, op);
            }
        }
    }
}

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn declare_framework_responses(path: &str, op: &mut Operation) {
    let shape = Shape::of(op);
    let mut bad_request = Vec::new();
    if shape.json_body {
        bad_request.push(JSON_BODY_400);
    }
    if shape.form_body {
        bad_request.push(FORM_400);
    }
    if shape.form_body || shape.other_body {
        bad_request.push(UPLOAD_400);
    }
    if shape.query {
        bad_request.push(QUERY_400);
    }
    if shape.typed_path {
        bad_request.push(PATH_400);
    }
    if !bad_request.is_empty() {
        add_error(op, "400", &bad_request.join("; "));
    }
    match shape.bearer {
        Some(false) => add_error(op, "401", UNAUTHENTICATED_401),
        Some(true) => add_error(op, "401", OPTIONAL_TOKEN_401),
        None => {}
    }
    if !shape.roles.is_empty() {
        let roles = shape.roles.join(", ");
        add_error(
            op,
            "403",
            &format!("`forbidden`: only these roles may do this: {roles}"),
        );
    }
    if shape.form_body || shape.other_body {
        add_error(op, "408", UPLOAD_408);
    }
    if shape.json_body || shape.form_body || shape.other_body {
        add_error(op, "413", PAYLOAD_413);
    }
    if shape.json_body {
        add_error(op, "415", JSON_415);
    }
    if shape.form_body {
        add_error(op, "415", FORM_415);
        add_error(op, "422", FORM_422);
        add_error(op, "503", FORM_503);
    }
    if !NOT_DB_BACKED.contains(&path) {
        add_error(op, "503", DB_503);
    }
    for (status, response) in op.responses.responses.iter_mut() {
        if let ("429" | "503", RefOr::T(response)) = (status.as_str(), response) {
            if status == "429" && !response.description.contains("rate_limited") {
                append(&mut response.description, RATE_429);
            }
            response
                .headers
                .entry("Retry-After".into())
                .or_insert_with(|| {
                    utoipa::openapi::header::HeaderBuilder::new()
                        .schema(utoipa::openapi::schema::Object::with_type(
                            utoipa::openapi::schema::Type::Integer,
                        ))
                        .description(Some("seconds to wait before retrying, when known"))
                        .build()
                });
        }
    }
}

/// Declares `status` with the ErrorBody schema, or appends `text` to the
/// description the handler gave it.
fn add_error(op: &mut Operation, status: &str, text: &str) {
    match op.responses.responses.get_mut(status) {
        Some(RefOr::T(existing)) => {
            if !existing.description.contains(text) {
                append(&mut existing.description, text);
            }
            existing
                .content
                .entry("application/json".into())
                .or_insert_with(error_content);
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            let mut response = Response::new(text);
            response
                .content
                .insert("application/json".into(), error_content());
            op.responses
                .responses
                .insert(status.to_owned(), RefOr::T(response));
        }
    }
}

fn append(description: &mut String, text: &str) {
    if description.trim().is_empty() {
        *description = text.to_owned();
    } else {
        description.push_str("; ");
        description.push_str(text);
    }
}

fn error_content() -> Content {
    Content::new(Some(Ref::from_schema_name("ErrorBody")))
}

pub async fn document() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests;
