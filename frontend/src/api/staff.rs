//! Staff tools: expert applications, users and roles, the audit log.

use super::{ApiError, Body, authed, encode_component};
use crate::session::Session;
use atelier_api::{
    AuditList, ChangeRoleRequest, DecideApplicationRequest, ExpertApplication,
    ExpertApplicationList, UserAdminList, UserAdminView,
};
use gloo_net::http::Method;

pub async fn pending_applications(session: Session) -> Result<ExpertApplicationList, ApiError> {
    authed(
        session,
        Method::GET,
        "/expert-applications?status=pending",
        Body::Empty,
    )
    .await
}

pub async fn decide_application(
    session: Session,
    id: i64,
    req: &DecideApplicationRequest,
) -> Result<ExpertApplication, ApiError> {
    let path = format!("/expert-applications/{id}/decision");
    authed(session, Method::POST, &path, Body::json(req)?).await
}

pub async fn search_users(session: Session, query: &str) -> Result<UserAdminList, ApiError> {
    let path = if query.trim().is_empty() {
        "/admin/users".to_owned()
    } else {
        format!("/admin/users?q={}", encode_component(query.trim()))
    };
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn change_role(
    session: Session,
    user_id: i64,
    req: &ChangeRoleRequest,
) -> Result<UserAdminView, ApiError> {
    let path = format!("/admin/users/{user_id}/role");
    authed(session, Method::PUT, &path, Body::json(req)?).await
}

/// One page of the audit log, newest first; `before` is the previous page's
/// `next_cursor`.
pub async fn audit_log(session: Session, before: Option<i64>) -> Result<AuditList, ApiError> {
    let path = match before {
        Some(id) => format!("/admin/audit?before={id}"),
        None => "/admin/audit".to_owned(),
    };
    authed(session, Method::GET, &path, Body::Empty).await
}
