use atelier_api::{
    ApplicationStatus, EXPERT_BIO_MAX, EXPERT_BIO_MIN, EXPERT_FIELD_MAX, EXPERT_FIELD_MIN,
    ExpertApplication, ExpertApplicationRequest, Role,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::auth::CurrentUser;
use crate::entities::{expert_application, user};
use crate::error::{ApiError, ApiResult, is_unique_violation};

const MAX_LINKS: usize = 5;

struct Parsed {
    bio: String,
    links: Vec<String>,
    field: String,
}

fn parse(req: ExpertApplicationRequest) -> ApiResult<Parsed> {
    let bio = crate::users::domain::parse_bio_between(&req.bio, EXPERT_BIO_MIN, EXPERT_BIO_MAX)?;
    let field = parse_field(&req.field)?;
    let links: Vec<String> = req
        .portfolio_links
        .iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    if links.is_empty() || links.len() > MAX_LINKS {
        return Err(ApiError::validation("give 1 to 5 portfolio links").code("invalid_links"));
    }
    for l in &links {
        let ok = (l.starts_with("https://") || l.starts_with("http://"))
            && l.len() <= 300
            && l.split("://").nth(1).is_some_and(|rest| {
                rest.split('/')
                    .next()
                    .is_some_and(|host| host.contains('.'))
            })
            && !l.chars().any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            return Err(
                ApiError::validation(format!("{l:?} is not an http(s) link")).code("invalid_links"),
            );
        }
    }
    Ok(Parsed { bio, links, field })
}

fn parse_field(raw: &str) -> ApiResult<String> {
    let field = raw.trim().to_owned();
    if !(EXPERT_FIELD_MIN..=EXPERT_FIELD_MAX).contains(&field.chars().count()) {
        return Err(ApiError::validation(format!(
            "the field of expertise must be {EXPERT_FIELD_MIN}-{EXPERT_FIELD_MAX} characters"
        ))
        .code("invalid_field"));
    }
    Ok(field)
}

fn view(m: &expert_application::Model, u: &user::Model) -> ExpertApplication {
    ExpertApplication {
        id: m.id,
        handle: u.handle.clone(),
        display_name: u.display_name.clone(),
        bio: m.bio.clone(),
        portfolio_links: serde_json::from_str(&m.portfolio_links).unwrap_or_default(),
        field: m.field.clone(),
        status: ApplicationStatus::parse(&m.status).unwrap_or(ApplicationStatus::Pending),
        reason: m.reason.clone(),
        created_at: m.created_at,
        decided_at: m.decided_at,
    }
}

pub async fn apply(
    db: &DatabaseConnection,
    applicant: &CurrentUser,
    req: ExpertApplicationRequest,
) -> ApiResult<ExpertApplication> {
    if applicant.role != Role::Member {
        return Err(ApiError::conflict(
            "not_a_member",
            "only members apply; you already have a higher role",
        ));
    }
    let p = parse(req)?;
    let res = expert_application::ActiveModel {
        user_id: Set(applicant.id()),
        bio: Set(p.bio),
        portfolio_links: Set(serde_json::to_string(&p.links).map_err(ApiError::internal)?),
        field: Set(p.field),
        status: Set(ApplicationStatus::Pending.as_str().into()),
        reason: Set(None),
        decided_by: Set(None),
        created_at: Set(Utc::now()),
        decided_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await;
    match res {
        Ok(m) => Ok(view(&m, &applicant.user)),
        // One pending application per user, by partial unique index.
        Err(e) if is_unique_violation(&e) => Err(ApiError::conflict(
            "application_pending",
            "you already have an application waiting for review",
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn mine(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> ApiResult<Vec<ExpertApplication>> {
    let rows = expert_application::Entity::find()
        .filter(expert_application::Column::UserId.eq(user.id()))
        .order_by_desc(expert_application::Column::Id)
        .all(db)
        .await?;
    Ok(rows.iter().map(|m| view(m, &user.user)).collect())
}

pub async fn list(
    db: &DatabaseConnection,
    status: Option<ApplicationStatus>,
) -> ApiResult<Vec<ExpertApplication>> {
    let mut q = expert_application::Entity::find()
        .find_also_related(user::Entity)
        .order_by_asc(expert_application::Column::Id);
    if let Some(s) = status {
        q = q.filter(expert_application::Column::Status.eq(s.as_str()));
    }
    Ok(q.all(db)
        .await?
        .iter()
        .filter_map(|(a, u)| u.as_ref().map(|u| view(a, u)))
        .collect())
}

pub async fn decide(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    approve: bool,
    reason: Option<String>,
) -> ApiResult<ExpertApplication> {
    staff.require_staff()?;
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if !approve && reason.is_none() {
        return Err(ApiError::validation("a rejection needs a reason").code("reason_required"));
    }
    if reason.as_ref().is_some_and(|r| r.chars().count() > 1000) {
        return Err(
            ApiError::validation("the reason must be at most 1000 characters")
                .code("invalid_reason"),
        );
    }
    let txn = crate::db::begin_write(db).await?;
    let app = expert_application::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such application"))?;
    if app.status != ApplicationStatus::Pending.as_str() {
        return Err(ApiError::conflict(
            "already_decided",
            "this application was already decided",
        ));
    }
    let applicant = user::Entity::find_by_id(app.user_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("the applicant no longer exists"))?;
    let field = app.field.clone();
    let detail = match &reason {
        Some(r) => format!("field {field}; reason: {r}"),
        None => format!("field {field}"),
    };
    if approve {
        let (decided, applicant) =
            approve_in(&txn, staff.id(), app, applicant, reason, false).await?;
        let subject = format!("user:{}", applicant.handle);
        crate::audit::record(&txn, Some(staff.id()), "expert.approve", &subject, &detail).await?;
        txn.commit().await?;
        return Ok(view(&decided, &applicant));
    }
    let mut am: expert_application::ActiveModel = app.into();
    am.status = Set(ApplicationStatus::Rejected.as_str().into());
    am.reason = Set(reason.clone());
    am.decided_by = Set(Some(staff.id()));
    am.decided_at = Set(Some(Utc::now()));
    let decided = am.update(&txn).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "expert.reject",
        &format!("user:{}", applicant.handle),
        &detail,
    )
    .await?;
    txn.commit().await?;
    Ok(view(&decided, &applicant))
}

/// The one way someone becomes a verified expert, inside the caller's
/// transaction: the pending application `app` is approved, the applicant
/// gets the expert badge (their field) and the application's bio on their
/// profile, and members become experts (any role does when `make_expert`:
/// a role change to expert). The caller writes the audit row (an approval's
/// or the role change's).
async fn approve_in<C: ConnectionTrait>(
    txn: &C,
    staff_id: i64,
    app: expert_application::Model,
    applicant: user::Model,
    reason: Option<String>,
    make_expert: bool,
) -> ApiResult<(expert_application::Model, user::Model)> {
    let field = app.field.clone();
    let bio = app.bio.clone();
    let mut am: expert_application::ActiveModel = app.into();
    am.status = Set(ApplicationStatus::Approved.as_str().into());
    am.reason = Set(reason.clone());
    am.decided_by = Set(Some(staff_id));
    am.decided_at = Set(Some(Utc::now()));
    let decided = am.update(txn).await?;
    let mut u: user::ActiveModel = applicant.into();
    // Staff and admins approved as experts keep their role; members become
    // experts.
    if make_expert || u.role.as_ref() == Role::Member.as_str() {
        u.role = Set(Role::Expert.as_str().into());
    }
    u.expert_field = Set(Some(field));
    if !bio.trim().is_empty() {
        u.bio = Set(bio);
    }
    u.updated_at = Set(Utc::now());
    let applicant = u.update(txn).await?;
    Ok((decided, applicant))
}

/// A role change to expert (users page): goes through verification like an
/// application. The target's pending application is approved if there is
/// one; otherwise an application is recorded on their behalf (their profile
/// bio, `field`, no links) and approved. Inside the caller's transaction.
pub async fn verify_by_role_change<C: ConnectionTrait>(
    txn: &C,
    staff_id: i64,
    target: user::Model,
    field: Option<&str>,
) -> ApiResult<user::Model> {
    let pending = expert_application::Entity::find()
        .filter(expert_application::Column::UserId.eq(target.id))
        .filter(expert_application::Column::Status.eq(ApplicationStatus::Pending.as_str()))
        .one(txn)
        .await?;
    let app = match pending {
        Some(app) => app,
        None => {
            let field = parse_field(field.unwrap_or_default())?;
            expert_application::ActiveModel {
                user_id: Set(target.id),
                bio: Set(target.bio.clone()),
                portfolio_links: Set("[]".into()),
                field: Set(field),
                status: Set(ApplicationStatus::Pending.as_str().into()),
                reason: Set(None),
                decided_by: Set(None),
                created_at: Set(Utc::now()),
                decided_at: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    let reason = Some("role changed to expert from the users page".to_owned());
    let (_, user) = approve_in(txn, staff_id, app, target, reason, true).await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(links: &[&str]) -> ExpertApplicationRequest {
        ExpertApplicationRequest {
            bio: "Twenty years of illustrating tea packaging in Taipei.".into(),
            portfolio_links: links.iter().map(|s| s.to_string()).collect(),
            field: "Illustration".into(),
        }
    }

    #[test]
    fn links_must_be_web_addresses() {
        assert!(parse(req(&["https://mei.example.com/work"])).is_ok());
        assert!(parse(req(&[])).is_err());
        assert!(parse(req(&["javascript:alert(1)"])).is_err());
        assert!(parse(req(&["https://nodot"])).is_err());
        assert!(parse(req(&["https://a.b/1"; 6])).is_err());
    }
}
