//! The template marketplace as a buyer sees it: the catalogue, a template's page,
//! licences and downloads, orders and the library of licences.

use super::{ApiError, Body, authed, encode_component, public, viewer};
use crate::session::Session;
use atelier_api::{
    DownloadLink, EntryCard, LicenceGrant, LicenceTerms, Order, OrderRequest, PaymentMethod,
    TemplateDetail, TemplatePage, TemplateQuery,
};
use gloo_net::http::Method;
use serde::Deserialize;

/// A list as the server answers it: a bare array, or `{"items": [...]}` like the older
/// lists of the API. Either reads the same.
#[derive(Deserialize)]
#[serde(untagged)]
enum List<T> {
    Bare(Vec<T>),
    Items { items: Vec<T> },
}

impl<T> List<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            List::Bare(items) | List::Items { items } => items,
        }
    }
}

/// `GET /templates`'s query string for `query`, leaving out what is unset or blank, in a
/// fixed order (so the same search is the same address).
pub fn template_query_string(query: &TemplateQuery) -> String {
    let mut parts = Vec::new();
    let mut push = |name: &str, value: Option<&str>| {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", encode_component(v)));
        }
    };
    push("q", query.q.as_deref());
    push("category", query.category.map(|c| c.as_str()));
    push("tag", query.tag.as_deref());
    push("colour", query.colour.as_deref());
    push("price", query.price.as_deref());
    push("licence", query.licence.map(|l| l.as_str()));
    push("creator", query.creator.as_deref());
    push("sort", query.sort.map(|s| s.as_str()));
    push("cursor", query.cursor.as_deref());
    let limit = query.limit.map(|l| l.to_string());
    push("limit", limit.as_deref());
    parts.join("&")
}

/// One page of the catalogue (with the facet counts of the whole result).
pub async fn templates(session: Session, query: &TemplateQuery) -> Result<TemplatePage, ApiError> {
    let qs = template_query_string(query);
    let path = if qs.is_empty() {
        "/templates".to_owned()
    } else {
        format!("/templates?{qs}")
    };
    viewer(session, Method::GET, &path, Body::Empty).await
}

/// The licence table, as the server defines it (the creator's form offers it; the
/// pages here read the same table compiled in, `atelier_api::LICENCES`).
#[allow(dead_code)]
pub async fn licences() -> Result<Vec<LicenceTerms>, ApiError> {
    public::<List<LicenceTerms>>(Method::GET, "/templates/licences", Body::Empty)
        .await
        .map(List::into_vec)
}

/// One template, as the viewer may see it (`can_download`, `my_licence`...).
pub async fn template(session: Session, id: i64) -> Result<TemplateDetail, ApiError> {
    viewer(
        session,
        Method::GET,
        &format!("/templates/{id}"),
        Body::Empty,
    )
    .await
}

/// Entries made with the template, newest first.
pub async fn template_entries(session: Session, id: i64) -> Result<Vec<EntryCard>, ApiError> {
    let path = format!("/templates/{id}/entries");
    viewer::<List<EntryCard>>(session, Method::GET, &path, Body::Empty)
        .await
        .map(List::into_vec)
}

/// A short-lived link to one source file (licence holders, the creator, staff).
pub async fn file_link(
    session: Session,
    template_id: i64,
    file_id: i64,
) -> Result<DownloadLink, ApiError> {
    let path = format!("/templates/{template_id}/files/{file_id}/link");
    authed(session, Method::POST, &path, Body::Empty).await
}

/// Takes a free template: records the licence (asking again changes nothing).
pub async fn take_free_licence(
    session: Session,
    template_id: i64,
) -> Result<LicenceGrant, ApiError> {
    let path = format!("/templates/{template_id}/licence");
    authed(session, Method::POST, &path, Body::Empty).await
}

/// Orders a paid template. The same `idempotency_key` always answers with the same order.
pub async fn create_order(
    session: Session,
    template_id: i64,
    idempotency_key: &str,
    method: PaymentMethod,
) -> Result<Order, ApiError> {
    let req = OrderRequest {
        template_id,
        idempotency_key: idempotency_key.to_owned(),
        method: Some(method),
    };
    authed(session, Method::POST, "/orders", Body::json(&req)?).await
}

pub async fn order(session: Session, id: i64) -> Result<Order, ApiError> {
    authed(session, Method::GET, &format!("/orders/{id}"), Body::Empty).await
}

/// Cancels a pending order (its buyer).
pub async fn cancel_order(session: Session, id: i64) -> Result<Order, ApiError> {
    let path = format!("/orders/{id}/cancel");
    authed(session, Method::POST, &path, Body::Empty).await
}

/// The member's receipts.
pub async fn my_orders(session: Session) -> Result<Vec<Order>, ApiError> {
    authed::<List<Order>>(session, Method::GET, "/me/orders", Body::Empty)
        .await
        .map(List::into_vec)
}

/// The licences the member holds (revoked ones included, marked).
pub async fn my_library(session: Session) -> Result<Vec<LicenceGrant>, ApiError> {
    authed::<List<LicenceGrant>>(session, Method::GET, "/me/library", Body::Empty)
        .await
        .map(List::into_vec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::{LicenceKind, TemplateCategory, TemplateSort};

    #[test]
    fn catalogue_queries_leave_out_what_is_unset() {
        assert_eq!(template_query_string(&TemplateQuery::default()), "");
        let q = TemplateQuery {
            q: Some(" 包裝 ".into()),
            category: Some(TemplateCategory::SocialPost),
            tag: Some("  ".into()),
            price: Some("free".into()),
            licence: Some(LicenceKind::FreeCommercial),
            creator: Some("mei".into()),
            sort: Some(TemplateSort::PriceAsc),
            cursor: Some("c:12".into()),
            limit: Some(24),
            ..Default::default()
        };
        assert_eq!(
            template_query_string(&q),
            "q=%E5%8C%85%E8%A3%9D&category=social_post&price=free&licence=free_commercial\
             &creator=mei&sort=price_asc&cursor=c%3A12&limit=24"
        );
    }

    #[test]
    fn lists_read_bare_or_wrapped() {
        let bare: List<i64> = serde_json::from_str("[1,2]").unwrap();
        let wrapped: List<i64> = serde_json::from_str(r#"{"items":[3]}"#).unwrap();
        assert_eq!(bare.into_vec(), [1, 2]);
        assert_eq!(wrapped.into_vec(), [3]);
    }
}
