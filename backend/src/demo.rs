//! Demo data for the embedded default: a few users of each role, challenges
//! in every phase with generated artwork entries (through the real image
//! pipeline and store), votes, picked winners and two polls, written in
//! English and Traditional Chinese; seeded once into an empty database.

mod artwork;
mod content;
pub mod orders;
mod templates;

use artwork::{ARTWORKS, artwork};
use content::{CHALLENGES, POLLS, PRIZES, zh_tw};

use atelier_api::Role;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::content_i18n::{self, Locale, Subject};
use crate::entities::{challenge, user};
use crate::users::domain::{DisplayName, Email, Handle};
use crate::users::service::{NewUser, insert};

pub const DEMO_PASSWORD: &str = "atelier-demo-2026";

/// (handle, display name, role, expert field)
const USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("ada", "Ada Huang", Role::Admin, None),
    ("lin", "Lin Pei-Shan 林佩珊", Role::Staff, None),
    ("mei", "Mei Chen 陳美", Role::Expert, Some("Illustration")),
    ("kai", "Kai Wu 吳凱", Role::Expert, Some("Packaging design")),
    ("yuting", "Yu-Ting Lee 李雨婷", Role::Member, None),
    ("hao", "Hao Lin 林浩", Role::Member, None),
    ("sora", "Sora Tsai 蔡天空", Role::Member, None),
];

#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub role: Role,
}

/// Seeds when the database has no users; returns the log-ins it created.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    store: &dyn crate::storage::Store,
    settings: &crate::config::Settings,
) -> anyhow::Result<Vec<DemoLogin>> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(Vec::new());
    }
    // One hash for all demo users: they share the demo password anyway.
    let hash = tokio::task::spawn_blocking(|| crate::auth::password::hash(DEMO_PASSWORD)).await??;
    let txn = crate::db::begin_write(db).await?;
    let mut logins = Vec::new();
    let mut staff_id = None;
    for (handle, name, role, field) in USERS {
        let email = format!("{handle}@demo.atelier.test");
        let new = NewUser {
            email: Email::parse(&email).map_err(|e| anyhow::anyhow!("{e}"))?,
            handle: Handle::parse(handle).map_err(|e| anyhow::anyhow!("{e}"))?,
            display_name: DisplayName::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?,
            role: *role,
            verified: true,
            locale: None,
        };
        let m = insert(&txn, new, hash.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if *role == Role::Staff {
            staff_id = Some(m.id);
        }
        if let Some(field) = field {
            let mut am: user::ActiveModel = m.into();
            am.expert_field = Set(Some((*field).to_owned()));
            am.bio = Set(format!(
                "{field} — runs workshops for the Atelier community."
            ));
            am.update(&txn).await?;
        }
        logins.push(DemoLogin { email, role: *role });
    }

    let now = Utc::now();
    let d = Duration::days;
    for c in CHALLENGES {
        let open = now + d(c.start_days);
        let m = challenge::ActiveModel {
            slug: Set(c.slug.into()),
            title: Set(c.title.0.into()),
            brief: Set(c.brief.0.into()),
            theme: Set(c.theme.as_str().into()),
            palette: Set(serde_json::to_string(c.palette)?),
            status: Set(c.status.as_str().into()),
            cover_key: Set(None),
            entries_per_member: Set(3),
            accepted_formats: Set(r#"["jpeg","png","webp"]"#.into()),
            min_width: Set(800),
            min_height: Set(800),
            prizes: Set(PRIZES.0.into()),
            submissions_open_at: Set(open),
            voting_open_at: Set(open + d(10)),
            voting_close_at: Set(open + d(17)),
            results_at: Set(open + d(20)),
            phase_override: Set(None),
            created_by: Set(staff_id),
            tallies_during_voting: Set(false),
            base_locale: Set(Locale::En.tag().into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let zh = [
            ("title", c.title.1),
            ("brief", c.brief.1),
            ("prizes", PRIZES.1),
        ];
        translate(&txn, &crate::challenges::text::TEXT, m.id, &zh).await?;
    }
    txn.commit().await?;
    seed_content(db, store).await?;
    templates::seed(db, store).await?;
    orders::seed(db).await?;
    // Revenue share: prizes of a finished challenge, a co-created product
    // with royalties, then payout settings and a paid payout for the
    // creators who earned.
    crate::revenue::demo::seed(db, &settings.ledger).await?;
    let earners: Vec<i64> = crate::entities::ledger_account::Entity::find()
        .filter(
            crate::entities::ledger_account::Column::Kind
                .eq(atelier_api::AccountKind::CreatorPayable.as_str()),
        )
        .order_by_asc(crate::entities::ledger_account::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.owner_id)
        .collect();
    crate::payouts::demo::seed(db, settings, &earners).await?;
    Ok(logins)
}

async fn seed_content(
    db: &DatabaseConnection,
    store: &dyn crate::storage::Store,
) -> anyhow::Result<()> {
    use std::collections::HashMap;

    use crate::entities::{ballot, challenge_winner, poll, poll_option, submission, vote};
    let users: HashMap<String, i64> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.handle, u.id))
        .collect();
    let uid = |h: &str| {
        users
            .get(h)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo user {h} missing"))
    };
    let challenges: HashMap<String, i64> = challenge::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.slug, c.id))
        .collect();
    let mut entries: Vec<(String, String, i64)> = Vec::new();
    let mut slots: HashMap<(i64, i64), i32> = HashMap::new();
    for (i, (slug, author, title, tags, colours)) in ARTWORKS.iter().enumerate() {
        let colours = *colours;
        // Drawing, encoding and processing are CPU work: off the executor.
        let p = tokio::task::spawn_blocking(move || {
            let png = artwork(i as u64 + 1, colours)?;
            crate::media::pipeline::process(&png, &crate::media::pipeline::Limits::default())
                .map_err(|e| anyhow::anyhow!("processing demo artwork: {e}"))
        })
        .await??;
        let keys = crate::entries::submit::put_processed(store, &p)
            .await
            .map_err(|e| anyhow::anyhow!("storing demo artwork: {e}"))?;
        let author_id = uid(author)?;
        let challenge_id = challenges
            .get(*slug)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo challenge {slug} missing"))?;
        let m = crate::entries::submit::media_row(author_id, &p, &keys)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .insert(db)
            .await?;
        let slot = slots.entry((challenge_id, author_id)).or_insert(0);
        *slot += 1;
        let tag_list: Vec<String> = tags.split(',').map(str::to_owned).collect();
        let now = Utc::now() - Duration::days(2) + Duration::minutes(i as i64);
        let s = submission::ActiveModel {
            challenge_id: Set(challenge_id),
            author_id: Set(author_id),
            media_id: Set(m.id),
            title: Set((*title).into()),
            description: Set(format!("{title}, made for the demo.")),
            tags: Set(serde_json::to_string(&tag_list)?),
            status: Set("visible".into()),
            slot: Set(Some(*slot)),
            duplicate_of: Set(None),
            duplicate_distance: Set(None),
            duplicate_review: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        crate::entries::submit::write_tags(db, s.id, &tag_list)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        crate::entries::shuffles::place(db, challenge_id, s.id).await?;
        entries.push(((*slug).into(), (*author).into(), s.id));
    }

    // Votes from everyone but the author, in the voting and results challenges.
    let voters = ["mei", "kai", "yuting", "hao", "sora"];
    for (n, (slug, author, entry)) in entries.iter().enumerate() {
        if slug == "lunar-new-year-lanterns" {
            continue;
        }
        let challenge_id = challenges.get(slug).copied().unwrap_or_default();
        for (k, v) in voters.iter().enumerate() {
            if v == author {
                continue;
            }
            let score = 2 + ((n * 3 + k * 5) % 4) as i16;
            vote::ActiveModel {
                challenge_id: Set(challenge_id),
                submission_id: Set(*entry),
                voter_id: Set(uid(v)?),
                score: Set(score),
                ip: Set(String::new()),
                created_at: Set(Utc::now()),
                updated_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    // Staff picked the winners of the finished challenge from its ranking.
    let staff = uid("lin")?;
    let finished = challenges
        .get("bubble-tea-packaging")
        .copied()
        .unwrap_or_default();
    let ranked = crate::entries::ranking::ranked_ids(db, finished, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for (place, entry) in ranked.iter().take(2).enumerate() {
        challenge_winner::ActiveModel {
            challenge_id: Set(finished),
            submission_id: Set(*entry),
            place: Set(place as i32 + 1),
            picked_by: Set(staff),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for poll in &POLLS {
        let method = poll.method;
        let p = poll::ActiveModel {
            question: Set(poll.question.0.into()),
            product: Set(poll.product.0.into()),
            description: Set(poll.description.0.into()),
            method: Set(method.into()),
            max_choices: Set(if method == "ranked" {
                poll.options.len() as i32
            } else {
                1
            }),
            eligibility: Set("all_members".into()),
            allow_change: Set(true),
            opens_at: Set(Utc::now() + Duration::days(poll.opens_days)),
            closes_at: Set(Utc::now() + Duration::days(poll.closes_days)),
            created_by: Set(staff),
            created_at: Set(Utc::now()),
            base_locale: Set(Locale::En.tag().into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let zh = [
            ("question", poll.question.1),
            ("product", poll.product.1),
            ("description", poll.description.1),
        ];
        translate(db, &crate::voting::polls::TEXT, p.id, &zh).await?;
        let mut ids = Vec::new();
        for (i, (label, label_zh)) in poll.options.iter().enumerate() {
            let o = poll_option::ActiveModel {
                poll_id: Set(p.id),
                label: Set((*label).into()),
                image_key: Set(None),
                position: Set(i as i32),
                ..Default::default()
            }
            .insert(db)
            .await?;
            let zh = [("label", *label_zh)];
            translate(db, &crate::voting::polls::OPTION_TEXT, o.id, &zh).await?;
            ids.push(o.id);
        }
        for (k, v) in ["mei", "kai", "hao", "sora"].iter().enumerate() {
            let choices: Vec<i64> = if method == "ranked" {
                let mut c = ids.clone();
                c.rotate_left(k % ids.len());
                c.truncate(2);
                c
            } else {
                vec![ids[k % 2]]
            };
            ballot::ActiveModel {
                poll_id: Set(p.id),
                voter_id: Set(uid(v)?),
                choices: Set(serde_json::to_string(&choices)?),
                ip: Set(String::new()),
                created_at: Set(Utc::now()),
                updated_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Stores `fields` of subject `id` in Traditional Chinese, checked as staff
/// input is.
async fn translate<C: ConnectionTrait>(
    db: &C,
    subject: &Subject,
    id: i64,
    fields: &[(&str, &str)],
) -> anyhow::Result<()> {
    let input = zh_tw(fields);
    let checked = content_i18n::check(subject, Locale::En, Some(&input), "demo")
        .map_err(|e| anyhow::anyhow!("demo translation: {e}"))?;
    content_i18n::save(db, subject.kind, id, &checked)
        .await
        .map_err(|e| anyhow::anyhow!("storing a demo translation: {e}"))
}
