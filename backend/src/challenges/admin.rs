//! Staff create and edit challenges and may override the clock-derived
//! phase. Every change is validated as a whole and audited. Title, brief
//! and prizes may come in several languages (`crate::content_i18n`).

use atelier_api::{ChallengeInput, ChallengeRules, ChallengeStatus, PhaseOverrideRequest, Theme};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::phase::PhaseTimes;
use super::text::{BRIEF, PRIZES, TEXT, TITLE, translated, translations};
use crate::auth::CurrentUser;
use crate::content_i18n::{self, Locale};
use crate::entities::challenge;
use crate::error::{ApiError, ApiResult, is_unique_violation};

pub const FORMATS: [&str; 4] = ["jpeg", "png", "webp", "gif"];

fn invalid(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::validation(message).code(code)
}

pub fn parse_slug(raw: &str) -> ApiResult<String> {
    let s = raw.trim().to_lowercase();
    let ok = (3..=60).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-');
    if ok {
        Ok(s)
    } else {
        Err(invalid(
            "invalid_slug",
            "slug must be 3-60 characters of a-z, 0-9 and -",
        ))
    }
}

/// A palette colour as stored: `#rrggbb` in lower case.
pub fn parse_hex_colour(raw: &str) -> Option<String> {
    atelier_api::rules::parse_hex_colour(raw).map(atelier_api::rules::hex_colour)
}

/// The fully merged state of a challenge, validated before it is written.
struct Draft {
    slug: String,
    title: String,
    brief: String,
    theme: Theme,
    palette: Vec<String>,
    status: ChallengeStatus,
    rules: ChallengeRules,
    prizes: String,
    times: PhaseTimes,
    tallies_during_voting: bool,
    /// The language of title, brief and prizes.
    base_locale: Locale,
}

fn validate(d: &mut Draft) -> ApiResult<()> {
    d.slug = parse_slug(&d.slug)?;
    d.title = d.title.trim().to_owned();
    if !(TITLE.min_chars..=TITLE.max_chars).contains(&d.title.chars().count()) {
        return Err(invalid(
            TITLE.code,
            format!(
                "title must be {}-{} characters",
                TITLE.min_chars, TITLE.max_chars
            ),
        ));
    }
    if d.brief.chars().count() > BRIEF.max_chars {
        return Err(invalid(
            BRIEF.code,
            format!("the brief must be at most {} characters", BRIEF.max_chars),
        ));
    }
    if d.prizes.chars().count() > PRIZES.max_chars {
        return Err(invalid(
            PRIZES.code,
            format!("prizes must be at most {} characters", PRIZES.max_chars),
        ));
    }
    let mut palette = Vec::new();
    for c in &d.palette {
        palette.push(
            parse_hex_colour(c).ok_or_else(|| {
                invalid("invalid_palette", format!("{c:?} is not a #rrggbb colour"))
            })?,
        );
    }
    if d.theme == Theme::Colour && !(1..=8).contains(&palette.len()) {
        return Err(invalid(
            "invalid_palette",
            "a colour challenge needs a palette of 1 to 8 colours",
        ));
    }
    d.palette = palette;
    let r = &mut d.rules;
    if !(1..=20).contains(&r.entries_per_member) {
        return Err(invalid("invalid_rules", "entries per member must be 1-20"));
    }
    r.accepted_formats = r
        .accepted_formats
        .iter()
        .map(|f| f.trim().to_lowercase().replace("jpg", "jpeg"))
        .collect();
    r.accepted_formats.sort();
    r.accepted_formats.dedup();
    if r.accepted_formats.is_empty()
        || r.accepted_formats
            .iter()
            .any(|f| !FORMATS.contains(&f.as_str()))
    {
        return Err(invalid(
            "invalid_rules",
            "accepted formats must be some of jpeg, png, webp, gif",
        ));
    }
    if !(0..=10_000).contains(&r.min_width) || !(0..=10_000).contains(&r.min_height) {
        return Err(invalid(
            "invalid_rules",
            "minimum size must be 0-10000 pixels",
        ));
    }
    d.times
        .validate()
        .map_err(|m| invalid("invalid_phase_times", m))?;
    Ok(())
}

fn default_rules() -> ChallengeRules {
    ChallengeRules {
        entries_per_member: 1,
        accepted_formats: FORMATS.iter().map(|f| (*f).to_owned()).collect(),
        min_width: 0,
        min_height: 0,
    }
}

pub fn rules_of(m: &challenge::Model) -> ChallengeRules {
    ChallengeRules {
        entries_per_member: m.entries_per_member,
        accepted_formats: serde_json::from_str(&m.accepted_formats).unwrap_or_default(),
        min_width: m.min_width,
        min_height: m.min_height,
    }
}

fn required<T>(v: Option<T>, field: &str) -> ApiResult<T> {
    v.ok_or_else(|| invalid("missing_field", format!("{field} is required")))
}

fn write(am: &mut challenge::ActiveModel, d: Draft) -> ApiResult<()> {
    am.slug = Set(d.slug);
    am.title = Set(d.title);
    am.brief = Set(d.brief);
    am.theme = Set(d.theme.as_str().to_owned());
    am.palette = Set(serde_json::to_string(&d.palette).map_err(ApiError::internal)?);
    am.status = Set(d.status.as_str().to_owned());
    am.entries_per_member = Set(d.rules.entries_per_member);
    am.accepted_formats =
        Set(serde_json::to_string(&d.rules.accepted_formats).map_err(ApiError::internal)?);
    am.min_width = Set(d.rules.min_width);
    am.min_height = Set(d.rules.min_height);
    am.prizes = Set(d.prizes);
    am.submissions_open_at = Set(d.times.submissions_open_at);
    am.voting_open_at = Set(d.times.voting_open_at);
    am.voting_close_at = Set(d.times.voting_close_at);
    am.results_at = Set(d.times.results_at);
    am.tallies_during_voting = Set(d.tallies_during_voting);
    am.base_locale = Set(d.base_locale.tag().to_owned());
    am.updated_at = Set(Utc::now());
    Ok(())
}

fn slug_taken(e: sea_orm::DbErr) -> ApiError {
    if is_unique_violation(&e) {
        ApiError::conflict("slug_taken", "another challenge already has this slug")
    } else {
        e.into()
    }
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: ChallengeInput,
) -> ApiResult<challenge::Model> {
    actor.require_staff()?;
    let mut d = Draft {
        slug: required(input.slug, "slug")?,
        title: required(input.title, "title")?,
        brief: input.brief.unwrap_or_default(),
        theme: required(input.theme, "theme")?,
        palette: input.palette.unwrap_or_default(),
        status: input.status.unwrap_or(ChallengeStatus::Draft),
        rules: input.rules.unwrap_or_else(default_rules),
        prizes: input.prizes.unwrap_or_default(),
        times: PhaseTimes {
            submissions_open_at: required(input.submissions_open_at, "submissions_open_at")?,
            voting_open_at: required(input.voting_open_at, "voting_open_at")?,
            voting_close_at: required(input.voting_close_at, "voting_close_at")?,
            results_at: required(input.results_at, "results_at")?,
        },
        tallies_during_voting: input.tallies_during_voting.unwrap_or(false),
        base_locale: content_i18n::check_base_locale(input.base_locale.as_deref(), Locale::En)?,
    };
    validate(&mut d)?;
    let translations = translations(&input.translations, d.base_locale)?;
    let now = Utc::now();
    let slug = d.slug.clone();
    let mut am = challenge::ActiveModel {
        cover_key: Set(None),
        phase_override: Set(None),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        ..Default::default()
    };
    write(&mut am, d)?;
    let txn = crate::db::begin_write(db).await?;
    let m = am.insert(&txn).await.map_err(slug_taken)?;
    content_i18n::save(&txn, TEXT.kind, m.id, &translations).await?;
    crate::audit::record(
        &txn,
        Some(actor.id()),
        "challenge.create",
        &format!("challenge:{slug}"),
        &translated(&translations),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn find(db: &impl sea_orm::ConnectionTrait, slug: &str) -> ApiResult<challenge::Model> {
    challenge::Entity::find()
        .filter(challenge::Column::Slug.eq(slug.trim().to_lowercase()))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no challenge {slug:?}")))
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    slug: &str,
    input: ChallengeInput,
) -> ApiResult<challenge::Model> {
    actor.require_staff()?;
    let txn = crate::db::begin_write(db).await?;
    let m = find(&txn, slug).await?;
    let mut d = Draft {
        slug: input.slug.unwrap_or_else(|| m.slug.clone()),
        title: input.title.unwrap_or_else(|| m.title.clone()),
        brief: input.brief.unwrap_or_else(|| m.brief.clone()),
        theme: input
            .theme
            .unwrap_or_else(|| Theme::parse(&m.theme).unwrap_or(Theme::Topic)),
        palette: input
            .palette
            .unwrap_or_else(|| serde_json::from_str(&m.palette).unwrap_or_default()),
        status: input
            .status
            .unwrap_or_else(|| ChallengeStatus::parse(&m.status).unwrap_or(ChallengeStatus::Draft)),
        rules: input.rules.unwrap_or_else(|| rules_of(&m)),
        prizes: input.prizes.unwrap_or_else(|| m.prizes.clone()),
        times: PhaseTimes {
            submissions_open_at: input.submissions_open_at.unwrap_or(m.submissions_open_at),
            voting_open_at: input.voting_open_at.unwrap_or(m.voting_open_at),
            voting_close_at: input.voting_close_at.unwrap_or(m.voting_close_at),
            results_at: input.results_at.unwrap_or(m.results_at),
        },
        tallies_during_voting: input
            .tallies_during_voting
            .unwrap_or(m.tallies_during_voting),
        base_locale: content_i18n::check_base_locale(
            input.base_locale.as_deref(),
            content_i18n::base_of(&m.base_locale),
        )?,
    };
    validate(&mut d)?;
    let translations = translations(&input.translations, d.base_locale)?;
    let new_slug = d.slug.clone();
    let old_slug = m.slug.clone();
    let mut changes = Vec::new();
    if new_slug != old_slug {
        changes.push(format!("slug {old_slug} -> {new_slug}"));
    }
    // Moving phase times or showing tallies changes who may do what, like a
    // phase override, so it needs a reason too.
    let old_times = PhaseTimes {
        submissions_open_at: m.submissions_open_at,
        voting_open_at: m.voting_open_at,
        voting_close_at: m.voting_close_at,
        results_at: m.results_at,
    };
    let sensitive = d.times != old_times || d.tallies_during_voting != m.tallies_during_voting;
    if d.times != old_times {
        let t = &d.times;
        changes.push(format!(
            "phase times {} / {} / {} / {}",
            t.submissions_open_at.to_rfc3339(),
            t.voting_open_at.to_rfc3339(),
            t.voting_close_at.to_rfc3339(),
            t.results_at.to_rfc3339()
        ));
    }
    if d.tallies_during_voting != m.tallies_during_voting {
        changes.push(format!(
            "tallies during voting {} -> {}",
            m.tallies_during_voting, d.tallies_during_voting
        ));
    }
    let old_base = m.base_locale.clone();
    let new_base = d.base_locale;
    if new_base.tag() != old_base {
        changes.push(format!("base language {old_base} -> {}", new_base.tag()));
    }
    if !translations.is_empty() {
        changes.push(translated(&translations));
    }
    if sensitive {
        let reason = crate::audit::reason(input.reason.as_deref().unwrap_or(""))?;
        changes.push(format!("reason: {reason}"));
    }
    let mut am: challenge::ActiveModel = m.into();
    write(&mut am, d)?;
    let updated = am.update(&txn).await.map_err(slug_taken)?;
    if new_base.tag() != old_base {
        // The base columns now hold that language.
        content_i18n::remove_locale(&txn, TEXT.kind, updated.id, new_base).await?;
    }
    content_i18n::save(&txn, TEXT.kind, updated.id, &translations).await?;
    let detail = changes.join("; ");
    crate::audit::record(
        &txn,
        Some(actor.id()),
        "challenge.update",
        &format!("challenge:{new_slug}"),
        &detail,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

pub async fn override_phase(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    slug: &str,
    req: PhaseOverrideRequest,
) -> ApiResult<challenge::Model> {
    actor.require_staff()?;
    let reason = crate::audit::reason(&req.reason)?.to_owned();
    let txn = crate::db::begin_write(db).await?;
    let m = find(&txn, slug).await?;
    let slug = m.slug.clone();
    let mut am: challenge::ActiveModel = m.into();
    am.phase_override = Set(req.phase.map(|p| p.as_str().to_owned()));
    am.updated_at = Set(Utc::now());
    let updated = am.update(&txn).await?;
    let what = req.phase.map_or("cleared", |p| p.as_str());
    crate::audit::record(
        &txn,
        Some(actor.id()),
        "challenge.phase_override",
        &format!("challenge:{slug}"),
        &format!("{what}; reason: {reason}"),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_colours_parse() {
        assert_eq!(parse_slug(" Lunar-New-Year ").unwrap(), "lunar-new-year");
        assert!(parse_slug("-x-").is_err());
        assert!(parse_slug("a b").is_err());
        assert_eq!(parse_hex_colour("#ABCDEF").as_deref(), Some("#abcdef"));
        assert_eq!(parse_hex_colour("abcdef"), None);
        assert_eq!(parse_hex_colour("#abcde"), None);
    }
}
