//! The creator's side of the template marketplace: making and editing
//! templates, their previews and source files, review, the dashboards, creator
//! approval, and templates attached to challenges.

use super::{
    ApiError, Body, Progress, authed, authed_response, encode_component, upload_form, viewer,
};
use crate::session::Session;
use atelier_api::{
    ChallengeTemplates, CreatorApproval, TemplateCard, TemplateDashboard, TemplateDetail,
    TemplateFile, TemplateInput, TemplatePreview, TemplateReview, UserAdminView,
};
use gloo_net::http::Method;

/// Creates a draft (its creator: an expert, an approved creator or staff).
pub async fn create_template(
    session: Session,
    input: &TemplateInput,
) -> Result<TemplateDetail, ApiError> {
    authed(session, Method::POST, "/templates", Body::json(input)?).await
}

/// Changes what `input` sets; unset fields stay as they are.
pub async fn update_template(
    session: Session,
    id: i64,
    input: &TemplateInput,
) -> Result<TemplateDetail, ApiError> {
    let path = format!("/templates/{id}");
    authed(session, Method::PATCH, &path, Body::json(input)?).await
}

pub async fn delete_template(session: Session, id: i64) -> Result<(), ApiError> {
    let path = format!("/templates/{id}");
    authed_response(session, Method::DELETE, &path, Body::Empty)
        .await
        .map(drop)
}

/// Uploads one preview image; `on_progress` hears how much has been sent.
pub async fn upload_preview(
    session: Session,
    id: i64,
    image: web_sys::File,
    on_progress: Progress,
) -> Result<TemplatePreview, ApiError> {
    let path = format!("/templates/{id}/previews");
    upload_form(session, Method::POST, &path, &[], &image, on_progress).await
}

pub async fn delete_preview(session: Session, id: i64, preview_id: i64) -> Result<(), ApiError> {
    let path = format!("/templates/{id}/previews/{preview_id}");
    authed_response(session, Method::DELETE, &path, Body::Empty)
        .await
        .map(drop)
}

/// Uploads one source file (SVG, PDF, PNG, JPEG, PSD, AI or ZIP, recognised by
/// the server from its content).
pub async fn upload_source(
    session: Session,
    id: i64,
    file: web_sys::File,
    on_progress: Progress,
) -> Result<TemplateFile, ApiError> {
    let path = format!("/templates/{id}/files");
    upload_form(session, Method::POST, &path, &[], &file, on_progress).await
}

pub async fn delete_source(session: Session, id: i64, file_id: i64) -> Result<(), ApiError> {
    let path = format!("/templates/{id}/files/{file_id}");
    authed_response(session, Method::DELETE, &path, Body::Empty)
        .await
        .map(drop)
}

/// Draft or rejected -> in review.
pub async fn submit_template(session: Session, id: i64) -> Result<TemplateDetail, ApiError> {
    let path = format!("/templates/{id}/submit");
    authed(session, Method::POST, &path, Body::Empty).await
}

pub async fn unlist_template(session: Session, id: i64) -> Result<TemplateDetail, ApiError> {
    let path = format!("/templates/{id}/unlist");
    authed(session, Method::POST, &path, Body::Empty).await
}

pub async fn relist_template(session: Session, id: i64) -> Result<TemplateDetail, ApiError> {
    let path = format!("/templates/{id}/relist");
    authed(session, Method::POST, &path, Body::Empty).await
}

/// The caller's templates, every status.
pub async fn my_templates(session: Session) -> Result<Vec<TemplateCard>, ApiError> {
    authed(session, Method::GET, "/me/templates", Body::Empty).await
}

/// The caller's dashboard over the last `days` days.
pub async fn my_template_stats(session: Session, days: u32) -> Result<TemplateDashboard, ApiError> {
    let path = format!("/me/templates/stats?days={days}");
    authed(session, Method::GET, &path, Body::Empty).await
}

/// Templates waiting for review, oldest first (staff).
pub async fn review_queue(session: Session) -> Result<Vec<TemplateCard>, ApiError> {
    authed(session, Method::GET, "/staff/templates/review", Body::Empty).await
}

pub async fn review_template(
    session: Session,
    id: i64,
    review: &TemplateReview,
) -> Result<TemplateDetail, ApiError> {
    let path = format!("/staff/templates/{id}/review");
    authed(session, Method::POST, &path, Body::json(review)?).await
}

/// Every creator's dashboard over the last `days` days (staff).
pub async fn staff_template_stats(
    session: Session,
    days: u32,
) -> Result<TemplateDashboard, ApiError> {
    let path = format!("/staff/templates/stats?days={days}");
    authed(session, Method::GET, &path, Body::Empty).await
}

/// Staff let a member publish templates, or stop them.
pub async fn set_creator(
    session: Session,
    user_id: i64,
    approved: bool,
) -> Result<UserAdminView, ApiError> {
    let path = format!("/staff/users/{user_id}/creator");
    let body = Body::json(&CreatorApproval { approved })?;
    authed(session, Method::PUT, &path, body).await
}

/// The published templates attached to a challenge, in order.
pub async fn challenge_templates(
    session: Session,
    slug: &str,
) -> Result<Vec<TemplateCard>, ApiError> {
    let path = format!("/challenges/{}/templates", encode_component(slug));
    viewer(session, Method::GET, &path, Body::Empty).await
}

/// Replaces the templates attached to a challenge (staff).
pub async fn set_challenge_templates(
    session: Session,
    slug: &str,
    template_ids: Vec<i64>,
) -> Result<Vec<TemplateCard>, ApiError> {
    let path = format!("/staff/challenges/{}/templates", encode_component(slug));
    let body = Body::json(&ChallengeTemplates { template_ids })?;
    authed(session, Method::PUT, &path, body).await
}

/// The text fields of an entry, and the template it was made with (one of
/// the challenge's), if any.
pub fn entry_fields<'a>(
    form: &'a super::EntryForm,
    template_id: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", form.title.as_str()),
        ("description", form.description.as_str()),
        ("tags", form.tags.as_str()),
    ];
    if let Some(id) = template_id {
        fields.push(("template_id", id));
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_names_its_template_only_when_one_was_picked() {
        let form = super::super::EntryForm {
            title: "Lantern".into(),
            description: String::new(),
            tags: "red".into(),
        };
        let names = |fields: Vec<(&str, &str)>| {
            fields
                .into_iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(entry_fields(&form, None)),
            ["title=Lantern", "description=", "tags=red"]
        );
        assert_eq!(
            names(entry_fields(&form, Some("7"))),
            ["title=Lantern", "description=", "tags=red", "template_id=7"]
        );
    }
}
