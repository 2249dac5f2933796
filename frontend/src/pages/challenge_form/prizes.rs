//! Staff set the prize money per place (paid to the winners' balances once
//! they confirm the winners on the results page); after confirmation the
//! prizes are fixed and the awards are listed.

use atelier_api::{ChallengeDetail, ChallengePrizes, DEFAULT_CURRENCY, Money, Prize, PrizesInput};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::{ErrorBox, LocalDateTime, StatusMessage};
use crate::i18n::{Key, place_label, use_i18n};
use crate::pages::earnings::{amount_input, money, parse_amount};
use crate::session::use_session;

/// Places a challenge can give prizes for.
const MAX_PLACES: usize = 10;

/// The prizes to send: one per filled place in order (blank or zero places
/// are left out); the first place whose amount is not a number, if any.
pub fn prizes_from(amounts: &[String], currency: &str) -> Result<Vec<Prize>, usize> {
    let mut prizes = Vec::new();
    for (i, text) in amounts.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let minor = parse_amount(text, currency).ok_or(i + 1)?;
        if minor > 0 {
            prizes.push(Prize {
                place: i as i32 + 1,
                amount: Money {
                    amount_minor: minor,
                    currency: currency.to_owned(),
                },
            });
        }
    }
    Ok(prizes)
}

/// The amount fields for `prizes`: one per place up to the last with a prize.
fn amounts_of(prizes: &[Prize], currency: &str) -> Vec<String> {
    let places = prizes.iter().map(|p| p.place).max().unwrap_or(0).max(3) as usize;
    (1..=places)
        .map(|place| {
            prizes
                .iter()
                .find(|p| p.place as usize == place)
                .map(|p| amount_input(p.amount.amount_minor, currency))
                .unwrap_or_default()
        })
        .collect()
}

#[component]
pub(super) fn PrizesPanel(current: RwSignal<ChallengeDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let slug = move || current.with_untracked(|c| c.summary.slug.clone());
    let state = RwSignal::new(None::<ChallengePrizes>);
    let load_error = RwSignal::new(None::<ApiError>);
    let amounts = RwSignal::new(Vec::<RwSignal<String>>::new());
    let currency = RwSignal::new(DEFAULT_CURRENCY.to_owned());
    let apply = move |p: &ChallengePrizes| {
        let cur = p
            .prizes
            .first()
            .map(|x| x.amount.currency.clone())
            .unwrap_or_else(|| DEFAULT_CURRENCY.to_owned());
        amounts.set(
            amounts_of(&p.prizes, &cur)
                .into_iter()
                .map(RwSignal::new)
                .collect(),
        );
        currency.set(cur);
    };
    spawn_local(async move {
        match api::challenge_prizes(session, &slug()).await {
            Ok(p) => {
                apply(&p);
                state.try_set(Some(p));
            }
            Err(e) => {
                load_error.try_set(Some(e));
            }
        }
    });
    let bad_place = RwSignal::new(None::<usize>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |input: &PrizesInput| {
        let input = input.clone();
        let slug = slug();
        async move {
            let p = api::set_challenge_prizes(session, &slug, &input).await?;
            apply(&p);
            state.set(Some(p));
            saved.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let pending = save.pending();
    let confirmed = move || state.with(|s| s.as_ref().and_then(|s| s.confirmed_at));
    let fields = move || {
        let list = amounts.get();
        list.into_iter()
            .enumerate()
            .map(|(i, amount)| {
                let place = i as i32 + 1;
                let id = format!("prize-place-{place}");
                let invalid = move || bad_place.get() == Some(i + 1);
                view! {
                    <div class="field prize-field" class:field-invalid=invalid>
                        <label for=id.clone()>
                            {move || format!("{} ({})", place_label(i18n.locale(), place), currency.get())}
                        </label>
                        <input
                            id=id
                            type="text"
                            inputmode="decimal"
                            aria-invalid=move || invalid().then_some("true")
                            disabled=move || confirmed().is_some()
                            bind:value=amount
                        />
                    </div>
                }
            })
            .collect_view()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let texts: Vec<String> =
            amounts.with_untracked(|a| a.iter().map(|s| s.get_untracked()).collect());
        match prizes_from(&texts, &currency.get_untracked()) {
            Ok(prizes) => {
                bad_place.set(None);
                save.dispatch(PrizesInput { prizes });
            }
            Err(place) => {
                bad_place.set(Some(place));
                crate::browser::focus_id(&format!("prize-place-{place}"));
            }
        }
    };
    view! {
        <section class="card prizes-panel" aria-labelledby="prizes-heading" data-testid="prizes-panel">
            <h2 id="prizes-heading">{i18n.tr(Key::PrizeTitle)}</h2>
            <p class="hint">{i18n.tr(Key::PrizeHint)}</p>
            {move || load_error.get().map(|error| view! { <ErrorBox error /> })}
            {move || confirmed().map(|at| view! {
                <p class="notice" data-testid="prizes-confirmed">
                    {move || i18n.label(Key::PrizeConfirmedOn)} <LocalDateTime at />
                </p>
            })}
            <form class="form" on:submit=submit>
                <div class="prize-fields">{fields}</div>
                {move || bad_place.get().map(|_| view! {
                    <p class="field-error" role="alert">{i18n.tr(Key::PrizeAmountInvalid)}</p>
                })}
                <div class="actions">
                    <button
                        type="button"
                        class="button secondary small"
                        disabled=move || confirmed().is_some() || amounts.with(|a| a.len() >= MAX_PLACES)
                        on:click=move |_| amounts.update(|a| a.push(RwSignal::new(String::new())))
                    >
                        {i18n.tr(Key::PrizeAddPlace)}
                    </button>
                    <button
                        type="button"
                        class="button secondary small"
                        disabled=move || confirmed().is_some() || amounts.with(|a| a.len() <= 1)
                        on:click=move |_| amounts.update(|a| { a.pop(); })
                    >
                        {i18n.tr(Key::PrizeRemovePlace)}
                    </button>
                </div>
                {move || saved.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::PrizeSaved).to_owned()) />
                })}
                {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=move || pending.get() || confirmed().is_some() || state.with(Option::is_none)>
                    {i18n.tr(Key::PrizeSave)}
                </button>
            </form>
            {move || state.get().filter(|s| !s.awards.is_empty()).map(|s| view! { <PrizeAwards prizes=s /> })}
        </section>
    }
}

/// Who won which prize (after the winners were confirmed).
#[component]
pub fn PrizeAwards(prizes: ChallengePrizes) -> impl IntoView {
    let i18n = use_i18n();
    let items = prizes
        .awards
        .into_iter()
        .map(|a| {
            let amount = a.amount.clone();
            let place = a.place;
            view! {
                <li data-testid="prize-award">
                    <strong>{move || place_label(i18n.locale(), place)}</strong>
                    " · "
                    <A href=format!("/u/{}", a.handle)>{format!("@{}", a.handle)}</A>
                    " · "
                    {move || money(i18n, &amount)}
                    " · "
                    <A href=format!("/entries/{}", a.submission_id)>{i18n.tr(Key::PrizeEntry)}</A>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="prize-awards">
            <h3>{i18n.tr(Key::PrizeAwards)}</h3>
            <ul class="plain-list compact-list" role="list">{items}</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prizes_are_the_filled_places() {
        let texts = ["5000".to_owned(), String::new(), "1,000.50".to_owned()];
        let prizes = prizes_from(&texts, "TWD").unwrap();
        assert_eq!(prizes.len(), 2);
        assert_eq!(
            (prizes[0].place, prizes[0].amount.amount_minor),
            (1, 500_000)
        );
        assert_eq!(
            (prizes[1].place, prizes[1].amount.amount_minor),
            (3, 100_050)
        );
        assert_eq!(prizes_from(&["12x".to_owned()], "TWD"), Err(1));
        assert_eq!(amounts_of(&prizes, "TWD"), ["5000", "", "1000.50"]);
        assert_eq!(amounts_of(&[], "TWD"), ["", "", ""]);
    }
}
