//! Demo data for the embedded default: a few users of each role and
//! challenges in every phase, seeded once into an empty database.

use atelier_api::{ChallengeStatus, Role, Theme};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};

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

/// (slug, title, theme, palette, start offset from now, status, brief)
type DemoChallenge = (
    &'static str,
    &'static str,
    Theme,
    &'static [&'static str],
    Duration,
    ChallengeStatus,
    &'static str,
);

#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub role: Role,
}

/// Seeds when the database has no users; returns the log-ins it created.
pub async fn seed_if_empty(db: &DatabaseConnection) -> anyhow::Result<Vec<DemoLogin>> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(Vec::new());
    }
    // One hash for all demo users: they share the demo password anyway.
    let hash = tokio::task::spawn_blocking(|| crate::auth::password::hash(DEMO_PASSWORD)).await??;
    let txn = db.begin().await?;
    let mut logins = Vec::new();
    let mut staff_id = None;
    for (handle, name, role, field) in USERS {
        let email = format!("{handle}@demo.atelier.test");
        let new = NewUser {
            email: Email::parse(&email).map_err(|e| anyhow::anyhow!("{e}"))?,
            handle: Handle::parse(handle).map_err(|e| anyhow::anyhow!("{e}"))?,
            display_name: DisplayName::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?,
            role: *role,
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
    let challenges: &[DemoChallenge] = &[
        (
            "lunar-new-year-lanterns",
            "Lunar New Year Lanterns",
            Theme::Holiday,
            &[],
            -d(3),
            ChallengeStatus::Published,
            "Design a lantern for the **Lantern Festival** that carries our brand into the new year.",
        ),
        (
            "taipei-dusk-palette",
            "Taipei Dusk Palette",
            Theme::Colour,
            &["#2b2d42", "#8d99ae", "#ef8354", "#f4d35e", "#edf2f4"],
            -d(12),
            ChallengeStatus::Published,
            "Capture the city at dusk using *only* this palette.",
        ),
        (
            "bubble-tea-packaging",
            "Bubble Tea Cup Packaging",
            Theme::Topic,
            &[],
            -d(40),
            ChallengeStatus::Published,
            "Reimagine the cup sleeve for our seasonal bubble tea.",
        ),
        (
            "mid-autumn-mooncake-box",
            "Mid-Autumn Mooncake Box",
            Theme::Holiday,
            &[],
            d(14),
            ChallengeStatus::Published,
            "A gift box for mooncakes that families keep long after the festival.",
        ),
        (
            "dragon-boat-poster",
            "Dragon Boat Festival Poster",
            Theme::Holiday,
            &[],
            d(60),
            ChallengeStatus::Draft,
            "Draft brief: a poster for the Dragon Boat races.",
        ),
    ];
    for (slug, title, theme, palette, start, status, brief) in challenges {
        let open = now + *start;
        challenge::ActiveModel {
            slug: Set((*slug).into()),
            title: Set((*title).into()),
            brief: Set((*brief).into()),
            theme: Set(theme.as_str().into()),
            palette: Set(serde_json::to_string(palette)?),
            status: Set(status.as_str().into()),
            cover_key: Set(None),
            entries_per_member: Set(3),
            accepted_formats: Set(r#"["jpeg","png","webp"]"#.into()),
            min_width: Set(800),
            min_height: Set(800),
            prizes: Set(
                "Winning designs are produced and credited; NT$20,000 for first place.".into(),
            ),
            submissions_open_at: Set(open),
            voting_open_at: Set(open + d(10)),
            voting_close_at: Set(open + d(17)),
            results_at: Set(open + d(20)),
            phase_override: Set(None),
            created_by: Set(staff_id),
            tallies_during_voting: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(logins)
}
