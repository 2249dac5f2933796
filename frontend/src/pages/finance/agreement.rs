//! Revenue agreements: the fields shared by a product's and a template's
//! agreement (the creators' share in percent, the term, the co-creators by
//! user id or handle with their weights, a note), how an agreement reads, and
//! a template's agreement at `/finance/templates/:id/agreement`.

use atelier_api::{Agreement, AgreementInput, AgreementParty};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::RequireFinance;
use crate::api::{self, ApiError};
use crate::components::time::{browser_local_input, local_input_to_utc};
use crate::components::{ErrorBox, Loading, LocalDate, StatusMessage};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::{Session, use_session};

/// Basis points from a percentage typed with at most two decimals ("35",
/// "12.5"); `None` outside 0-100 or when it is not one.
pub fn parse_percent_bp(text: &str) -> Option<i32> {
    let text = text.trim().trim_end_matches('%').trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 3 {
        return None;
    }
    let whole: i32 = whole.parse().ok()?;
    let frac: i32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    let bp = whole * 100 + frac;
    (0..=10_000).contains(&bp).then_some(bp)
}

/// "35 %", "12.5 %" from basis points.
pub fn percent_text(bp: i32) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    if frac == 0 {
        format!("{whole}%")
    } else if frac % 10 == 0 {
        format!("{whole}.{}%", frac / 10)
    } else {
        format!("{whole}.{frac:02}%")
    }
}

/// Who a party is, as typed: a user id, or a handle (with or without `@`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Id(i64),
    Handle(String),
}

pub fn parse_who(text: &str) -> Option<Who> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok().map(Who::Id);
    }
    let handle = text.trim_start_matches('@');
    (!handle.is_empty()).then(|| Who::Handle(handle.to_owned()))
}

/// Why an agreement could not be sent.
#[derive(Debug, Clone)]
pub enum DraftError {
    /// A problem with what was typed (its message).
    Local(Key),
    /// No user has this handle.
    UnknownHandle(String),
    Api(ApiError),
}

/// One co-creator row of the form.
#[derive(Clone, Copy)]
pub struct PartyRow {
    key: u32,
    who: RwSignal<String>,
    weight: RwSignal<String>,
}

/// The agreement fields of a form.
#[derive(Clone, Copy)]
pub struct AgreementDraft {
    share: RwSignal<String>,
    starts: RwSignal<String>,
    ends: RwSignal<String>,
    note: RwSignal<String>,
    parties: RwSignal<Vec<PartyRow>>,
    next_key: StoredValue<u32>,
}

/// The date part of an instant as a `date` field's value (browser's zone).
fn date_input(at: &DateTime<Utc>) -> String {
    browser_local_input(at).chars().take(10).collect()
}

/// A `date` field's value as the start of that day in the browser's zone.
fn date_to_utc(date: &str) -> Option<DateTime<Utc>> {
    local_input_to_utc(&format!("{}T00:00", date.trim()))
}

impl AgreementDraft {
    /// Starts from `initial` (its share, term, parties and note), or from a
    /// `default_share_bp` with one empty party.
    pub fn new(initial: Option<&Agreement>, default_share_bp: i32) -> Self {
        let draft = AgreementDraft {
            share: RwSignal::new(
                percent_text(initial.map_or(default_share_bp, |a| a.share_bp))
                    .trim_end_matches('%')
                    .to_owned(),
            ),
            starts: RwSignal::new(String::new()),
            ends: RwSignal::new(
                initial
                    .and_then(|a| a.ends_at.as_ref())
                    .map(date_input)
                    .unwrap_or_default(),
            ),
            note: RwSignal::new(initial.map(|a| a.note.clone()).unwrap_or_default()),
            parties: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        };
        match initial {
            Some(a) if !a.parties.is_empty() => {
                for p in &a.parties {
                    let who = if p.handle.is_empty() {
                        p.user_id.to_string()
                    } else {
                        format!("@{}", p.handle)
                    };
                    draft.add_party(who, p.weight.to_string());
                }
            }
            _ => draft.add_party(String::new(), "1".to_owned()),
        }
        draft
    }

    fn add_party(self, who: String, weight: String) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.parties.update(|p| {
            p.push(PartyRow {
                key,
                who: RwSignal::new(who),
                weight: RwSignal::new(weight),
            })
        });
    }

    /// What to send: the parties' handles looked up (finance staff may search
    /// users), the dates read in the browser's zone.
    pub async fn to_input(self, session: Session) -> Result<AgreementInput, DraftError> {
        let share_bp = parse_percent_bp(&self.share.get_untracked())
            .ok_or(DraftError::Local(Key::FinShareInvalid))?;
        let date = |s: RwSignal<String>| -> Result<Option<DateTime<Utc>>, DraftError> {
            let v = s.get_untracked();
            if v.trim().is_empty() {
                Ok(None)
            } else {
                date_to_utc(&v)
                    .map(Some)
                    .ok_or(DraftError::Local(Key::FinDateInvalid))
            }
        };
        let (starts_at, ends_at) = (date(self.starts)?, date(self.ends)?);
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            return Err(DraftError::Local(Key::FinTermInvalid));
        }
        let rows: Vec<(String, String)> = self.parties.with_untracked(|p| {
            p.iter()
                .map(|r| (r.who.get_untracked(), r.weight.get_untracked()))
                .filter(|(who, _)| !who.trim().is_empty())
                .collect()
        });
        if rows.is_empty() {
            return Err(DraftError::Local(Key::FinPartiesNeeded));
        }
        let mut parties = Vec::with_capacity(rows.len());
        for (who, weight) in rows {
            let weight: i32 = weight
                .trim()
                .parse()
                .ok()
                .filter(|w| *w > 0)
                .ok_or(DraftError::Local(Key::FinWeightInvalid))?;
            let user_id = match parse_who(&who) {
                Some(Who::Id(id)) => id,
                Some(Who::Handle(handle)) => resolve_handle(session, &handle).await?,
                None => return Err(DraftError::Local(Key::FinPartiesNeeded)),
            };
            parties.push(AgreementParty {
                user_id,
                handle: String::new(),
                weight,
            });
        }
        Ok(AgreementInput {
            share_bp,
            starts_at,
            ends_at,
            parties,
            note: self.note.get_untracked().trim().to_owned(),
        })
    }
}

/// The id of the user with exactly this handle.
async fn resolve_handle(session: Session, handle: &str) -> Result<i64, DraftError> {
    let found = api::search_users(session, handle)
        .await
        .map_err(DraftError::Api)?;
    found
        .items
        .into_iter()
        .find(|u| u.handle.eq_ignore_ascii_case(handle))
        .map(|u| u.id)
        .ok_or_else(|| DraftError::UnknownHandle(handle.to_owned()))
}

/// The agreement's fields, inside the caller's form.
#[component]
pub fn AgreementFields(draft: AgreementDraft, id_prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |part: &str| format!("{id_prefix}-{part}");
    let rows = move || {
        let list = draft.parties.get();
        let only_one = list.len() == 1;
        list.into_iter()
            .enumerate()
            .map(|(i, row)| {
                let n = i + 1;
                let who_id = format!("{id_prefix}-party-{}-who", row.key);
                let weight_id = format!("{id_prefix}-party-{}-weight", row.key);
                let key = row.key;
                view! {
                    <li class="party-row" data-testid="party-row">
                        <div class="field">
                            <label for=who_id.clone()>{move || i18n.fmt_args(Key::FinPartyWho, &[("n", n.into())])}</label>
                            <input id=who_id type="text" required autocapitalize="none" spellcheck="false" bind:value=row.who />
                        </div>
                        <div class="field party-weight">
                            <label for=weight_id.clone()>{move || i18n.fmt_args(Key::FinPartyWeight, &[("n", n.into())])}</label>
                            <input id=weight_id type="number" min="1" max="1000" step="1" required bind:value=row.weight />
                        </div>
                        <button
                            type="button"
                            class="button secondary small"
                            disabled=only_one
                            aria-label=move || i18n.fmt_args(Key::FinPartyRemove, &[("n", n.into())])
                            on:click=move |_| draft.parties.update(|p| p.retain(|r| r.key != key))
                        >
                            {i18n.tr(Key::FinRemove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="agreement-fields">
            <legend>{i18n.tr(Key::FinAgreement)}</legend>
            <div class="field-row">
                <div class="field">
                    <label for=id("share")>{i18n.tr(Key::FinShare)}</label>
                    <p class="hint" id=id("share-hint")>{i18n.tr(Key::FinShareHint)}</p>
                    <input id=id("share") type="text" inputmode="decimal" required aria-describedby=id("share-hint") bind:value=draft.share />
                </div>
                <div class="field">
                    <label for=id("starts")>{i18n.tr(Key::FinStarts)}</label>
                    <p class="hint" id=id("starts-hint")>{i18n.tr(Key::FinStartsHint)}</p>
                    <input id=id("starts") type="date" aria-describedby=id("starts-hint") bind:value=draft.starts />
                </div>
                <div class="field">
                    <label for=id("ends")>{i18n.tr(Key::FinEnds)}</label>
                    <p class="hint" id=id("ends-hint")>{i18n.tr(Key::FinEndsHint)}</p>
                    <input id=id("ends") type="date" aria-describedby=id("ends-hint") bind:value=draft.ends />
                </div>
            </div>
            <fieldset class="parties">
                <legend>{i18n.tr(Key::FinParties)}</legend>
                <p class="hint">{i18n.tr(Key::FinPartiesHint)}</p>
                <ol class="party-rows" role="list">{rows}</ol>
                <button type="button" class="button secondary small" on:click=move |_| draft.add_party(String::new(), "1".to_owned())>
                    {i18n.tr(Key::FinPartyAdd)}
                </button>
            </fieldset>
            <div class="field">
                <label for=id("note")>{i18n.tr(Key::Note)}</label>
                <textarea id=id("note") rows="2" maxlength="500" bind:value=draft.note></textarea>
            </div>
        </fieldset>
    }
}

/// A draft's problem, in the reader's language.
#[component]
pub fn DraftProblem(error: DraftError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        DraftError::Local(key) => view! { <p class="field-error" role="alert">{i18n.tr(key)}</p> }.into_any(),
        DraftError::UnknownHandle(handle) => view! {
            <p class="field-error" role="alert">{move || i18n.fmt(Key::FinUnknownHandle, &[("handle", &handle)])}</p>
        }
        .into_any(),
        DraftError::Api(error) => view! { <ErrorBox error /> }.into_any(),
    }
}

/// How an agreement reads: share, term, parties, note.
#[component]
pub fn AgreementSummary(agreement: Agreement) -> impl IntoView {
    let i18n = use_i18n();
    let a = agreement;
    let parties = a
        .parties
        .iter()
        .map(|p| {
            let who = if p.handle.is_empty() {
                format!("#{}", p.user_id)
            } else {
                format!("@{}", p.handle)
            };
            let weight = p.weight;
            view! {
                <li>
                    {if p.handle.is_empty() {
                        view! { <span>{who}</span> }.into_any()
                    } else {
                        view! { <A href=format!("/finance/creators/{}", p.user_id)>{who}</A> }.into_any()
                    }}
                    " · "
                    {move || i18n.fmt_args(Key::FinWeightOf, &[("weight", weight.into())])}
                </li>
            }
        })
        .collect_view();
    let ends = a.ends_at;
    view! {
        <dl class="fin-dl agreement-summary" data-testid="agreement">
            <div>
                <dt>{i18n.tr(Key::FinShare)}</dt>
                <dd data-testid="agreement-share">{percent_text(a.share_bp)}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::FinTerm)}</dt>
                <dd>
                    <LocalDate at=a.starts_at />
                    " – "
                    {match ends {
                        Some(at) => view! { <LocalDate at /> }.into_any(),
                        None => view! { <span>{i18n.tr(Key::FinOpenEnded)}</span> }.into_any(),
                    }}
                </dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::FinParties)}</dt>
                <dd><ul class="plain-list compact-list">{parties}</ul></dd>
            </div>
            {(!a.note.is_empty()).then(|| view! {
                <div>
                    <dt>{i18n.tr(Key::Note)}</dt>
                    <dd>{a.note.clone()}</dd>
                </div>
            })}
        </dl>
        {(a.id == 0).then(|| view! { <p class="muted">{i18n.tr(Key::FinDefaultAgreement)}</p> })}
    }
}

/// Replaces an agreement: the fields, then `save` with the input.
#[component]
pub fn AgreementEditor<F, Fut>(
    initial: Option<Agreement>,
    default_share_bp: i32,
    id_prefix: &'static str,
    save: F,
    on_saved: Callback<Agreement>,
) -> impl IntoView
where
    F: Fn(AgreementInput) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<Agreement, ApiError>> + 'static,
{
    let i18n = use_i18n();
    let session = use_session();
    let draft = AgreementDraft::new(initial.as_ref(), default_share_bp);
    let problem = RwSignal::new(None::<DraftError>);
    let saved = RwSignal::new(false);
    let submit = Action::new_local(move |_: &()| async move {
        let input = match draft.to_input(session).await {
            Ok(input) => input,
            Err(e) => {
                problem.set(Some(e));
                return;
            }
        };
        match save(input).await {
            Ok(agreement) => {
                saved.set(true);
                on_saved.run(agreement);
            }
            Err(e) => problem.set(Some(DraftError::Api(e))),
        }
    });
    let pending = submit.pending();
    view! {
        <form
            class="form card"
            on:submit=move |ev| {
                ev.prevent_default();
                problem.set(None);
                saved.set(false);
                submit.dispatch(());
            }
        >
            <h2>{i18n.tr(Key::FinNewAgreement)}</h2>
            <p class="hint">{i18n.tr(Key::FinNewAgreementHint)}</p>
            <AgreementFields draft id_prefix />
            {move || problem.get().map(|error| view! { <DraftProblem error /> })}
            {move || saved.get().then(|| view! {
                <StatusMessage text=Signal::derive(move || i18n.t(Key::FinAgreementSaved).to_owned()) />
            })}
            <button type="submit" class="button" disabled=pending>{i18n.tr(Key::FinSaveAgreement)}</button>
        </form>
    }
}

#[component]
pub fn TemplateAgreementPage() -> impl IntoView {
    use_title(Key::FinTemplateAgreement);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::FinTemplateAgreement)}</h1>
        <RequireFinance>
            <TemplateAgreementLoader />
        </RequireFinance>
    }
}

#[component]
fn TemplateAgreementLoader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let agreement = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => Some((id, api::template_agreement(session, id).await)),
                None => None,
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match agreement.await {
                    Some((id, Ok(a))) => {
                        let current = RwSignal::new(a.clone());
                        view! {
                            <p>
                                <A href=format!("/templates/{id}")>{move || i18n.fmt(Key::FinTemplateLink, &[("id", &id.to_string())])}</A>
                            </p>
                            <section class="section" aria-labelledby="tpl-agreement-heading">
                                <h2 id="tpl-agreement-heading">{i18n.tr(Key::FinCurrentAgreement)}</h2>
                                {move || view! { <AgreementSummary agreement=current.get() /> }}
                            </section>
                            <AgreementEditor
                                initial=Some(a.clone())
                                default_share_bp=a.share_bp
                                id_prefix="tpl-agreement"
                                save=move |input: AgreementInput| async move {
                                    api::set_template_agreement(session, id, &input).await
                                }
                                on_saved=Callback::new(move |a| current.set(a))
                            />
                        }
                        .into_any()
                    }
                    Some((_, Err(error))) => view! { <ErrorBox error /> }.into_any(),
                    None => view! { <p class="notice">{i18n.tr(Key::FinNoSuchTemplate)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_percentages_with_two_decimals() {
        assert_eq!(parse_percent_bp("35"), Some(3_500));
        assert_eq!(parse_percent_bp("12.5"), Some(1_250));
        assert_eq!(parse_percent_bp(" 7.25 % "), Some(725));
        assert_eq!(parse_percent_bp("100"), Some(10_000));
        assert_eq!(parse_percent_bp("100.01"), None);
        assert_eq!(parse_percent_bp("1.234"), None);
        assert_eq!(parse_percent_bp("-5"), None);
        assert_eq!(parse_percent_bp(""), None);
        assert_eq!(percent_text(3_500), "35%");
        assert_eq!(percent_text(1_250), "12.5%");
        assert_eq!(percent_text(725), "7.25%");
    }

    #[test]
    fn parties_are_ids_or_handles() {
        assert_eq!(parse_who(" 42 "), Some(Who::Id(42)));
        assert_eq!(parse_who("@mei"), Some(Who::Handle("mei".into())));
        assert_eq!(parse_who("kai"), Some(Who::Handle("kai".into())));
        assert_eq!(parse_who("@"), None);
        assert_eq!(parse_who("  "), None);
    }
}
