//! What staff write about a poll in each language: question, product and
//! description, and each option's label (same limits as the base fields),
//! checked as a whole and written with the poll.

use std::collections::HashSet;

use atelier_api::PollInput;
use sea_orm::ConnectionTrait;

use super::invalid;
use crate::content_i18n::{self, Checked, Field, Locale, Subject};
use crate::error::ApiResult;

pub const QUESTION: Field = Field {
    name: "question",
    min_chars: 3,
    max_chars: 200,
    code: "invalid_question",
    trim: true,
};
pub const PRODUCT: Field = Field {
    name: "product",
    min_chars: 1,
    max_chars: 120,
    code: "invalid_product",
    trim: true,
};
pub const DESCRIPTION: Field = Field {
    name: "description",
    min_chars: 0,
    max_chars: 2000,
    code: "invalid_description",
    trim: true,
};
pub const LABEL: Field = Field {
    name: "label",
    min_chars: 1,
    max_chars: 120,
    code: "invalid_options",
    trim: true,
};

pub const TEXT: Subject = Subject {
    kind: "poll",
    fields: &[QUESTION, PRODUCT, DESCRIPTION],
};

pub const OPTION_TEXT: Subject = Subject {
    kind: "poll_option",
    fields: &[LABEL],
};

/// A poll's translations, checked: its own, and each option's in order.
#[derive(Debug)]
pub struct Texts {
    pub base_locale: Locale,
    pub poll: Checked,
    pub options: Vec<Checked>,
}

/// Checks the translations of `input`, whose base labels (trimmed) are
/// `labels`: as the base fields, and in each language the labels (where
/// translated, else the base ones) must differ, as they must in the base.
pub fn check(input: &PollInput, base_locale: Locale, labels: &[String]) -> ApiResult<Texts> {
    let poll = content_i18n::check(
        &TEXT,
        base_locale,
        input.translations.as_ref(),
        "translations",
    )?;
    let options = input
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            content_i18n::check(
                &OPTION_TEXT,
                base_locale,
                o.translations.as_ref(),
                &format!("options[{i}].translations"),
            )
        })
        .collect::<ApiResult<Vec<_>>>()?;
    for locale in Locale::ALL.into_iter().filter(|l| *l != base_locale) {
        let shown: HashSet<String> = labels
            .iter()
            .zip(&options)
            .map(|(base, t)| {
                t.get(locale, LABEL.name)
                    .filter(|l| !l.is_empty())
                    .unwrap_or(base)
                    .to_lowercase()
            })
            .collect();
        if shown.len() != labels.len() {
            return Err(invalid(
                "invalid_options",
                format!("option labels must differ ({})", locale.tag()),
            )
            .variant("duplicate-labels")
            .arg("language", locale.tag()));
        }
    }
    Ok(Texts {
        base_locale,
        poll,
        options,
    })
}

/// Writes a poll's translations, replacing whatever it had; `old_options`
/// are the options the poll had before (now gone), `new_options` its
/// options in order.
pub async fn write<C: ConnectionTrait>(
    db: &C,
    poll_id: i64,
    old_options: &[i64],
    new_options: &[i64],
    texts: &Texts,
) -> ApiResult<()> {
    content_i18n::remove_all(db, TEXT.kind, &[poll_id]).await?;
    content_i18n::remove_all(db, OPTION_TEXT.kind, old_options).await?;
    content_i18n::save(db, TEXT.kind, poll_id, &texts.poll).await?;
    for (id, t) in new_options.iter().zip(&texts.options) {
        content_i18n::save(db, OPTION_TEXT.kind, *id, t).await?;
    }
    Ok(())
}
