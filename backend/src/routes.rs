//! Every route of the application, assembled in one place.

use actix_web::web;

use crate::{
    auth, challenges, entries, experts, health, media, openapi, orders, payments, site, spa,
    templates, users, voting,
};

/// (method, path) of every documented endpoint; a test checks the OpenAPI
/// document against this list and that each path is routed.
pub const DOCUMENTED: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/api/v1/site"),
    ("get", "/api/v1/challenges"),
    ("get", "/api/v1/challenges/{slug}"),
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/auth/verify-email"),
    ("post", "/api/v1/auth/resend-verification"),
    ("get", "/api/v1/me"),
    ("patch", "/api/v1/me"),
    ("put", "/api/v1/me/avatar"),
    ("get", "/api/v1/users/{handle}"),
    ("get", "/api/v1/admin/users"),
    ("put", "/api/v1/admin/users/{id}/role"),
    ("get", "/api/v1/admin/audit"),
    ("post", "/api/v1/expert-applications"),
    ("get", "/api/v1/expert-applications/mine"),
    ("get", "/api/v1/expert-applications"),
    ("post", "/api/v1/expert-applications/{id}/decision"),
    ("get", "/api/v1/media/{key}"),
    ("post", "/api/v1/challenges"),
    ("patch", "/api/v1/challenges/{slug}"),
    ("put", "/api/v1/challenges/{slug}/phase-override"),
    ("put", "/api/v1/challenges/{slug}/cover"),
    ("post", "/api/v1/challenges/{slug}/entries"),
    ("get", "/api/v1/challenges/{slug}/entries"),
    ("post", "/api/v1/challenges/{slug}/palette-check"),
    ("get", "/api/v1/entries/{id}"),
    ("get", "/api/v1/entries/{id}/original"),
    ("patch", "/api/v1/entries/{id}"),
    ("delete", "/api/v1/entries/{id}"),
    ("get", "/api/v1/me/entries"),
    ("get", "/api/v1/entries/{id}/neighbours"),
    ("post", "/api/v1/staff/entries/{id}/disqualify"),
    ("get", "/api/v1/staff/duplicates"),
    ("post", "/api/v1/staff/duplicates/{id}"),
    ("put", "/api/v1/entries/{id}/vote"),
    ("get", "/api/v1/entries/{id}/vote"),
    ("delete", "/api/v1/entries/{id}/vote"),
    ("get", "/api/v1/challenges/{slug}/results"),
    ("put", "/api/v1/challenges/{slug}/winners"),
    ("get", "/api/v1/polls"),
    ("post", "/api/v1/polls"),
    ("get", "/api/v1/polls/{id}"),
    ("patch", "/api/v1/polls/{id}"),
    ("put", "/api/v1/polls/{id}/options/{option_id}/image"),
    ("post", "/api/v1/polls/{id}/invites"),
    ("put", "/api/v1/polls/{id}/ballot"),
    ("get", "/api/v1/polls/{id}/results"),
    ("get", "/api/v1/polls/{id}/ballots.csv"),
    ("get", "/api/v1/staff/vote-flags"),
    ("post", "/api/v1/staff/vote-flags/{id}"),
    // The template marketplace (templates/).
    ("get", "/api/v1/templates"),
    ("get", "/api/v1/templates/licences"),
    ("post", "/api/v1/templates"),
    ("get", "/api/v1/templates/{id}"),
    ("patch", "/api/v1/templates/{id}"),
    ("delete", "/api/v1/templates/{id}"),
    ("post", "/api/v1/templates/{id}/previews"),
    ("delete", "/api/v1/templates/{id}/previews/{preview_id}"),
    ("post", "/api/v1/templates/{id}/files"),
    ("delete", "/api/v1/templates/{id}/files/{file_id}"),
    ("post", "/api/v1/templates/{id}/files/{file_id}/link"),
    ("get", "/api/v1/template-files/{token}"),
    ("post", "/api/v1/templates/{id}/submit"),
    ("post", "/api/v1/templates/{id}/unlist"),
    ("post", "/api/v1/templates/{id}/relist"),
    ("get", "/api/v1/templates/{id}/entries"),
    ("get", "/api/v1/me/templates"),
    ("get", "/api/v1/me/templates/stats"),
    ("get", "/api/v1/staff/templates/review"),
    ("post", "/api/v1/staff/templates/{id}/review"),
    ("get", "/api/v1/staff/templates/stats"),
    ("put", "/api/v1/staff/users/{id}/creator"),
    ("get", "/api/v1/challenges/{slug}/templates"),
    ("put", "/api/v1/staff/challenges/{slug}/templates"),
    ("post", "/api/v1/templates/{id}/licence"),
    ("post", "/api/v1/orders"),
    ("get", "/api/v1/orders/{id}"),
    ("post", "/api/v1/orders/{id}/cancel"),
    ("get", "/api/v1/me/orders"),
    ("get", "/api/v1/me/library"),
    ("get", "/api/v1/staff/orders"),
    ("post", "/api/v1/staff/orders/{id}/mark-paid"),
    ("post", "/api/v1/staff/orders/{id}/refund"),
    ("post", "/api/v1/payments/stripe/webhook"),
    // ledger documented (begin)
    ("put", "/api/v1/admin/users/{id}/finance"),
    // ledger documented (end)
    // --
    // revenue documented (begin)
    ("get", "/api/v1/finance/templates/{id}/agreement"),
    ("put", "/api/v1/finance/templates/{id}/agreement"),
    ("get", "/api/v1/finance/products"),
    ("post", "/api/v1/finance/products"),
    ("get", "/api/v1/finance/products/{id}"),
    ("put", "/api/v1/finance/products/{id}/agreement"),
    ("post", "/api/v1/finance/product-sales"),
    ("post", "/api/v1/finance/product-sales/csv"),
    ("get", "/api/v1/staff/challenges/{slug}/prizes"),
    ("put", "/api/v1/staff/challenges/{slug}/prizes"),
    ("post", "/api/v1/staff/challenges/{slug}/winners/confirm"),
    // revenue documented (end)
    // --
    // payouts documented (begin)
    ("get", "/api/v1/me/payout-settings"),
    ("put", "/api/v1/me/payout-settings"),
    ("get", "/api/v1/me/payouts"),
    ("get", "/api/v1/finance/payouts"),
    ("post", "/api/v1/finance/payout-runs"),
    ("post", "/api/v1/finance/payouts/{id}/approve"),
    ("post", "/api/v1/finance/payouts/{id}/paid"),
    ("post", "/api/v1/finance/payouts/{id}/failed"),
    // payouts documented (end)
    // --
    // statements documented (begin)
    ("get", "/api/v1/me/earnings"),
    ("get", "/api/v1/me/earnings/lines"),
    ("get", "/api/v1/me/statements"),
    ("get", "/api/v1/me/statements/{month}"),
    ("get", "/api/v1/me/statements/{month}/csv"),
    ("get", "/api/v1/me/statements/{month}/pdf"),
    ("get", "/api/v1/me/tax-summary/{year}"),
    ("get", "/api/v1/me/tax-summary/{year}/pdf"),
    ("get", "/api/v1/finance/creators"),
    ("get", "/api/v1/finance/creators/{id}/earnings"),
    ("get", "/api/v1/finance/creators/{id}/statements/{month}"),
    (
        "get",
        "/api/v1/finance/creators/{id}/statements/{month}/pdf",
    ),
    ("get", "/api/v1/finance/overview"),
    ("get", "/api/v1/finance/reconciliation"),
    // statements documented (end)
    // --
];

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(
            web::scope("/api/v1")
                .route("/openapi.json", web::get().to(openapi::document))
                .service(site::info)
                .service(challenges::routes::list)
                .service(challenges::routes::get_one)
                .service(challenges::routes::create)
                .service(challenges::routes::update)
                .service(challenges::routes::override_phase)
                .service(challenges::routes::put_cover)
                .service(entries::routes::submit)
                .service(entries::routes::list)
                .service(entries::routes::palette_check)
                .service(entries::routes::get_one)
                .service(entries::routes::original)
                .service(entries::routes::update)
                .service(entries::routes::withdraw)
                .service(entries::routes::mine)
                .service(entries::routes::neighbours)
                .service(entries::routes::disqualify)
                .service(entries::routes::duplicates)
                .service(entries::routes::resolve_duplicate)
                .service(voting::routes::vote)
                .service(voting::routes::my_vote)
                .service(voting::routes::clear_vote)
                .service(voting::routes::results)
                .service(voting::routes::pick_winners)
                .service(voting::routes::list_polls)
                .service(voting::routes::create_poll)
                .service(voting::routes::get_poll)
                .service(voting::routes::update_poll)
                .service(voting::routes::option_image)
                .service(voting::routes::invite)
                .service(voting::routes::ballot)
                .service(voting::routes::poll_results)
                .service(voting::routes::export)
                .service(voting::routes::list_flags)
                .service(voting::routes::review_flag)
                .service(auth::routes::register)
                .service(auth::routes::login)
                .service(auth::routes::refresh_tokens)
                .service(auth::routes::logout)
                .service(auth::verify::verify_email)
                .service(auth::verify::resend_verification)
                .service(users::routes::me)
                .service(users::routes::update_me)
                .service(users::routes::put_avatar)
                .service(users::routes::public_profile)
                .service(users::routes::list_users)
                .service(users::routes::change_role)
                .service(users::routes::audit_log)
                .service(experts::routes::apply)
                .service(experts::routes::mine)
                .service(experts::routes::list)
                .service(experts::routes::decide)
                .service(media::routes::get_object)
                .service(orders::routes::take_licence)
                .service(orders::routes::create_order)
                .service(orders::routes::get_order)
                .service(orders::routes::cancel_order)
                .service(orders::routes::my_orders)
                .service(orders::routes::my_library)
                .service(orders::routes::staff_orders)
                .service(orders::routes::mark_paid)
                .service(orders::routes::refund)
                .service(payments::routes::stripe_webhook)
                // ledger services (begin)
                .service(users::finance::grant_finance)
                // ledger services (end)
                // --
                // revenue services (begin)
                .service(crate::revenue::routes::template_agreement)
                .service(crate::revenue::routes::put_template_agreement)
                .service(crate::revenue::routes::list_products)
                .service(crate::revenue::routes::create_product)
                .service(crate::revenue::routes::get_product)
                .service(crate::revenue::routes::put_product_agreement)
                .service(crate::revenue::routes::import_sales)
                .service(crate::revenue::routes::import_sales_csv)
                .service(crate::revenue::routes::get_prizes)
                .service(crate::revenue::routes::put_prizes)
                .service(crate::revenue::routes::confirm_winners)
                // revenue services (end)
                // --
                // payouts services (begin)
                .service(crate::payouts::routes::get_settings)
                .service(crate::payouts::routes::put_settings)
                .service(crate::payouts::routes::my_payouts)
                .service(crate::payouts::routes::finance_payouts)
                .service(crate::payouts::routes::create_run)
                .service(crate::payouts::routes::approve)
                .service(crate::payouts::routes::paid)
                .service(crate::payouts::routes::failed)
                // payouts services (end)
                // --
                // statements services (begin)
                .service(crate::statements::routes::my_earnings)
                .service(crate::statements::routes::my_earning_lines)
                .service(crate::statements::routes::my_statements)
                .service(crate::statements::routes::my_statement)
                .service(crate::statements::routes::my_statement_csv)
                .service(crate::statements::routes::my_statement_pdf)
                .service(crate::statements::routes::my_tax_summary)
                .service(crate::statements::routes::my_tax_summary_pdf)
                .service(crate::statements::routes::finance_creators)
                .service(crate::statements::routes::creator_earnings)
                .service(crate::statements::routes::creator_statement)
                .service(crate::statements::routes::creator_statement_pdf)
                .service(crate::statements::routes::overview)
                .service(crate::statements::routes::reconciliation)
                // statements services (end)
                // --
                // Templates: `licences` before `{id}`, which would take it.
                .service(templates::routes::licences)
                .service(templates::routes_market::catalogue)
                .service(templates::routes::create)
                .service(templates::routes::get_one)
                .service(templates::routes::update)
                .service(templates::routes::remove)
                .service(templates::routes_files::add_preview)
                .service(templates::routes_files::remove_preview)
                .service(templates::routes_files::add_file)
                .service(templates::routes_files::remove_file)
                .service(templates::routes_files::link)
                .service(templates::routes_files::download)
                .service(templates::routes::submit)
                .service(templates::routes::unlist)
                .service(templates::routes::relist)
                .service(templates::routes_market::entries)
                .service(templates::routes::mine)
                .service(templates::routes_market::my_stats)
                .service(templates::routes::review_queue)
                .service(templates::routes::review)
                .service(templates::routes_market::staff_stats)
                .service(templates::routes::set_creator)
                .service(templates::routes_market::challenge_templates)
                .service(templates::routes_market::set_challenge_templates),
        )
        .default_service(web::to(spa::fallback));
}
