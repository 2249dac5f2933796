//! Reading and writing `content_translations`: a list's translations in one
//! query, resolved per field with the base text as fallback.

use std::collections::{BTreeMap, HashMap};

use atelier_api::Translations;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::{Checked, Locale};
use crate::entities::content_translation as row;
use crate::error::ApiResult;

/// Ids per `IN (...)`: well under SQLite's and PostgreSQL's parameter limits.
const CHUNK: usize = 500;

/// The translations of some subjects of one kind.
#[derive(Debug, Default)]
pub struct Loaded {
    by_subject: HashMap<i64, Translations>,
}

impl Loaded {
    /// Reads the translations of `ids` (of `kind`): only those in `locale`
    /// when given (what a reader needs), else all of them (what the edit
    /// form needs). One query per 500 subjects, whatever the fields.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        kind: &str,
        ids: &[i64],
        locale: Option<Locale>,
    ) -> ApiResult<Loaded> {
        let mut loaded = Loaded::default();
        for chunk in ids.chunks(CHUNK) {
            let mut q = row::Entity::find()
                .filter(row::Column::SubjectKind.eq(kind))
                .filter(row::Column::SubjectId.is_in(chunk.iter().copied()));
            if let Some(l) = locale {
                q = q.filter(row::Column::Locale.eq(l.tag()));
            }
            for r in q.all(db).await? {
                loaded
                    .by_subject
                    .entry(r.subject_id)
                    .or_default()
                    .entry(r.locale)
                    .or_default()
                    .insert(r.field, r.text);
            }
        }
        Ok(loaded)
    }

    pub fn get(&self, id: i64, locale: Locale, field: &str) -> Option<&str> {
        self.by_subject
            .get(&id)?
            .get(locale.tag())?
            .get(field)
            .map(String::as_str)
            .filter(|t| !t.is_empty())
    }

    /// `field` of subject `id` in `want`: the base text when that is the base
    /// language or nobody translated it, else the translation.
    pub fn resolve<'a>(
        &'a self,
        id: i64,
        base_locale: &str,
        want: Locale,
        field: &str,
        base: &'a str,
    ) -> &'a str {
        if super::parse_tag(base_locale) == Some(want) {
            return base;
        }
        self.get(id, want, field).unwrap_or(base)
    }

    /// Every language subject `id` is written in: `base` (field, text) under
    /// `base_locale`, and the translations (for the staff edit form).
    pub fn texts(&self, id: i64, base_locale: &str, base: &[(&str, &str)]) -> Translations {
        let mut all = self.by_subject.get(&id).cloned().unwrap_or_default();
        let base: BTreeMap<String, String> = base
            .iter()
            .map(|(f, t)| ((*f).to_owned(), (*t).to_owned()))
            .collect();
        all.insert(base_locale.to_owned(), base);
        all.retain(|_, fields| !fields.is_empty());
        all
    }
}

/// Writes checked translations of one subject: each field given replaces
/// its translation; an empty text removes it.
pub async fn save<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    id: i64,
    checked: &Checked,
) -> ApiResult<()> {
    if checked.is_empty() {
        return Ok(());
    }
    let mut given = Condition::any();
    for (locale, field, _) in checked.iter() {
        given = given.add(
            Condition::all()
                .add(row::Column::Locale.eq(locale.tag()))
                .add(row::Column::Field.eq(field)),
        );
    }
    row::Entity::delete_many()
        .filter(row::Column::SubjectKind.eq(kind))
        .filter(row::Column::SubjectId.eq(id))
        .filter(given)
        .exec(db)
        .await?;
    let rows: Vec<row::ActiveModel> = checked
        .iter()
        .filter(|(_, _, text)| !text.is_empty())
        .map(|(locale, field, text)| row::ActiveModel {
            subject_kind: Set(kind.to_owned()),
            subject_id: Set(id),
            locale: Set(locale.tag().to_owned()),
            field: Set(field.to_owned()),
            text: Set(text.to_owned()),
        })
        .collect();
    if !rows.is_empty() {
        row::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Removes every translation of these subjects (replaced, or gone).
pub async fn remove_all<C: ConnectionTrait>(db: &C, kind: &str, ids: &[i64]) -> ApiResult<()> {
    for chunk in ids.chunks(CHUNK) {
        row::Entity::delete_many()
            .filter(row::Column::SubjectKind.eq(kind))
            .filter(row::Column::SubjectId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Removes a subject's translations in `locale`, which became its base
/// language (the base columns now hold that text).
pub async fn remove_locale<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    id: i64,
    locale: Locale,
) -> ApiResult<()> {
    row::Entity::delete_many()
        .filter(row::Column::SubjectKind.eq(kind))
        .filter(row::Column::SubjectId.eq(id))
        .filter(row::Column::Locale.eq(locale.tag()))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded() -> Loaded {
        let mut t = Translations::new();
        t.entry("zh-TW".into())
            .or_default()
            .insert("title".into(), "元宵燈籠".into());
        Loaded {
            by_subject: HashMap::from([(7, t)]),
        }
    }

    #[test]
    fn a_field_resolves_to_its_translation_or_the_base_text() {
        let l = loaded();
        assert_eq!(
            l.resolve(7, "en", Locale::ZhTw, "title", "Lanterns"),
            "元宵燈籠"
        );
        assert_eq!(
            l.resolve(7, "en", Locale::En, "title", "Lanterns"),
            "Lanterns"
        );
        // Nobody translated the brief, or subject 8 at all.
        assert_eq!(l.resolve(7, "en", Locale::ZhTw, "brief", "Brief"), "Brief");
        assert_eq!(l.resolve(8, "en", Locale::ZhTw, "title", "Other"), "Other");
        // Written in Chinese: that is the base text, whatever is stored.
        assert_eq!(l.resolve(7, "zh-TW", Locale::ZhTw, "title", "燈"), "燈");
    }

    #[test]
    fn texts_hold_the_base_language_and_the_translations() {
        let texts = loaded().texts(7, "en", &[("title", "Lanterns"), ("brief", "")]);
        assert_eq!(texts["en"]["title"], "Lanterns");
        assert_eq!(texts["en"]["brief"], "");
        assert_eq!(texts["zh-TW"]["title"], "元宵燈籠");
        assert_eq!(texts.len(), 2);
    }
}
