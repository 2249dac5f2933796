//! Demo revenue: the first demo challenge with picked winners gets prizes
//! (confirmed, so its winners are paid them) and a product made from its
//! winning entry, co-created by the winner and another creator, with two
//! months of sales and their royalties. Everything goes through the same
//! functions the API uses, so the ledger holds what it would in production.
//! Does nothing when a product exists already, or without an admin or a
//! challenge with winners.

use atelier_api::{
    AgreementInput, AgreementParty, Prize, PrizesInput, ProductInput, Role, SalesLine,
};
use chrono::{Datelike, Months, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::imports::{self, Imported, Source};
use super::{money, period_bounds, prizes, products, taipei};
use crate::auth::CurrentUser;
use crate::config::LedgerSettings;
use crate::entities::{challenge, challenge_winner, product, submission, user};

fn api(e: crate::error::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// The product's code: `DEMO-` and the challenge's slug in capitals.
fn code_for(slug: &str) -> String {
    let mut code: String = format!("DEMO-{slug}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .take(products::MAX_CODE)
        .collect();
    while code.ends_with('-') {
        code.pop();
    }
    code
}

/// `YYYY-MM` of the Asia/Taipei month `back` months before this one.
fn period_before(back: u32) -> Option<String> {
    let today = Utc::now().with_timezone(&taipei()).date_naive();
    let first = today.with_day(1)?.checked_sub_months(Months::new(back))?;
    Some(format!("{:04}-{:02}", first.year(), first.month()))
}

pub async fn seed(db: &DatabaseConnection, ledger: &LedgerSettings) -> anyhow::Result<()> {
    if product::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let Some(admin) = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .order_by_asc(user::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let actor = CurrentUser {
        role: crate::users::service::role_of(&admin),
        user: admin,
    };
    let Some(first) = challenge_winner::Entity::find()
        .order_by_asc(challenge_winner::Column::ChallengeId)
        .order_by_asc(challenge_winner::Column::Place)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let Some(c) = challenge::Entity::find_by_id(first.challenge_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let winners = challenge_winner::Entity::find()
        .filter(challenge_winner::Column::ChallengeId.eq(c.id))
        .order_by_asc(challenge_winner::Column::Place)
        .all(db)
        .await?;

    // Prizes for the podium, confirmed: the winners are paid.
    let current = prizes::view(db, c.id).await?;
    if current.confirmed_at.is_none() {
        if current.prizes.is_empty() {
            let podium = [(1, 2_000_000), (2, 1_000_000), (3, 500_000)];
            let input = PrizesInput {
                prizes: podium
                    .iter()
                    .filter(|(place, _)| winners.iter().any(|w| w.place == *place))
                    .map(|(place, amount)| Prize {
                        place: *place,
                        amount: money(*amount, &ledger.currency),
                    })
                    .collect(),
            };
            prizes::put(db, &actor, &c.slug, input).await.map_err(api)?;
        }
        prizes::confirm(db, &actor, &c.slug).await.map_err(api)?;
    }

    // The winning entry becomes a product, co-created by its author and the
    // runner-up's (or, alone on the podium, another creator).
    let Some(entry) = submission::Entity::find_by_id(first.submission_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let mut partner = None;
    for w in winners.iter().skip(1) {
        if let Some(s) = submission::Entity::find_by_id(w.submission_id)
            .one(db)
            .await?
            && s.author_id != entry.author_id
        {
            partner = Some(s.author_id);
            break;
        }
    }
    if partner.is_none() {
        partner = user::Entity::find()
            .filter(user::Column::Id.ne(entry.author_id))
            .filter(user::Column::Role.is_in([Role::Expert.as_str(), Role::Member.as_str()]))
            .order_by_asc(user::Column::Id)
            .one(db)
            .await?
            .map(|u| u.id);
    }
    let Some(partner) = partner else {
        return Ok(());
    };
    let (Some(oldest), Some(latest)) = (period_before(2), period_before(1)) else {
        return Ok(());
    };
    let Some((starts_at, _)) = period_bounds(&oldest) else {
        return Ok(());
    };
    let code = code_for(&c.slug);
    let p = products::create(
        db,
        &actor,
        ProductInput {
            code: code.clone(),
            name: entry.title.clone(),
            name_zh: None,
            challenge_id: Some(c.id),
            submission_id: Some(entry.id),
            currency: Some(ledger.currency.clone()),
            agreement: AgreementInput {
                share_bp: 800,
                starts_at: Some(starts_at),
                ends_at: None,
                parties: vec![
                    AgreementParty {
                        user_id: entry.author_id,
                        handle: String::new(),
                        weight: 2,
                    },
                    AgreementParty {
                        user_id: partner,
                        handle: String::new(),
                        weight: 1,
                    },
                ],
                note: "Demo: the winning design, produced with a co-designer".into(),
            },
        },
        ledger,
    )
    .await
    .map_err(api)?;
    let sales = vec![
        SalesLine {
            product_code: p.code.clone(),
            period: oldest,
            units: 412,
            net_sales: money(24_720_000, &p.currency),
        },
        SalesLine {
            product_code: p.code.clone(),
            period: latest,
            units: 287,
            net_sales: money(17_220_050, &p.currency),
        },
    ];
    match imports::import(db, actor.id(), Source::Api, &imports::from_json(sales))
        .await
        .map_err(api)?
    {
        Imported::Done(_) => Ok(()),
        Imported::Invalid(lines) => Err(anyhow::anyhow!("demo sales refused: {lines:?}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_from_slugs() {
        assert_eq!(
            super::code_for("lunar-new-year-lanterns"),
            "DEMO-LUNAR-NEW-YEAR-LANTERNS"
        );
        assert!(super::products::valid_code(&super::code_for(
            "a-very-long-slug-that-goes-on-and-on-and-on-"
        )));
    }
}
