//! `/me/earnings/payout`: how the creator is paid (bank transfer or PayPal,
//! with their details), their tax residency and payout threshold (within the
//! bounds shown), the saved settings as a masked hint, and their payouts with
//! each one's history.

use atelier_api::{
    ErrorArg, Money, Payout, PayoutDetails, PayoutMethod, PayoutSettingsInput, PayoutSettingsState,
    PayoutSettingsView, Residency,
};
use leptos::prelude::*;

use super::{
    EarningsNav, PayoutStatusBadge, amount_input, method_key, money, month_label, parse_amount,
    payout_status_key, residency_key,
};
use crate::api::{self, ApiError};
use crate::components::{
    EmptyMessage, ErrorBox, Field, Loading, LocalDateTime, RequireUser, StatusMessage,
};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn PayoutSettingsPage() -> impl IntoView {
    use_title(Key::PayoutSettingsTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::PayoutSettingsTitle)}</h1>
        <RequireUser>
            <EarningsNav />
            <SettingsLoader />
            <MyPayouts />
        </RequireUser>
    }
}

#[component]
fn SettingsLoader() -> impl IntoView {
    let session = use_session();
    let state = LocalResource::new(move || api::my_payout_settings(session));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(state) => view! { <SettingsForm state /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The form's fields, as the server names them in `invalid_payout_details`.
const DETAIL_FIELDS: [&str; 5] = [
    "account_name",
    "bank_code",
    "branch_code",
    "account_number",
    "email",
];

/// Where a server error belongs on this form: a detail field (when the error
/// names one in its `field` argument), the details as a whole, the threshold,
/// or the whole form (`None`).
pub fn payout_error_field(error: &ApiError) -> Option<&'static str> {
    match error.code.as_str() {
        "threshold_out_of_range" => Some("threshold"),
        "invalid_payout_details" => {
            // The field comes as the reason (`bank-code`) or a `field` argument.
            let named = match error.args.get("field") {
                Some(ErrorArg::Text(f)) => Some(f.as_str()),
                _ => None,
            }
            .or(error.reason.as_deref())
            .map(|f| f.replace('-', "_"));
            Some(
                DETAIL_FIELDS
                    .into_iter()
                    .find(|f| named.as_deref() == Some(*f))
                    .unwrap_or("details"),
            )
        }
        _ => None,
    }
}

#[component]
fn SettingsForm(state: PayoutSettingsState) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let currency = state.default_threshold.currency.clone();
    let saved = RwSignal::new(state.settings.clone());
    let (min, max) = (state.min_threshold.clone(), state.max_threshold.clone());
    let method = RwSignal::new(
        state
            .settings
            .as_ref()
            .map_or(PayoutMethod::BankTransfer, |s| s.method),
    );
    let residency = RwSignal::new(
        state
            .settings
            .as_ref()
            .map_or(Residency::Tw, |s| s.residency),
    );
    let account_name = RwSignal::new(
        state
            .settings
            .as_ref()
            .map(|s| s.account_name.clone())
            .unwrap_or_default(),
    );
    let bank_code = RwSignal::new(String::new());
    let branch_code = RwSignal::new(String::new());
    let account_number = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let threshold = RwSignal::new(amount_input(
        state
            .settings
            .as_ref()
            .map_or(state.default_threshold.amount_minor, |s| {
                s.threshold.amount_minor
            }),
        &currency,
    ));
    let error = RwSignal::new(None::<ApiError>);
    let local_threshold = RwSignal::new(false);
    let just_saved = RwSignal::new(false);
    let field_error = move |name: &'static str| {
        Signal::derive(move || {
            if name == "threshold" && local_threshold.get() {
                return Some(i18n.t(Key::PayoutThresholdInvalid).to_owned());
            }
            error.with(|e| {
                e.as_ref()
                    .filter(|e| payout_error_field(e) == Some(name))
                    .map(|e| e.text(i18n.locale()))
            })
        })
    };
    let general = move || error.get().filter(|e| payout_error_field(e).is_none());
    let currency_stored = StoredValue::new(currency.clone());

    let save = Action::new_local(move |input: &PayoutSettingsInput| {
        let input = input.clone();
        async move {
            match api::save_payout_settings(session, &input).await {
                Ok(view) => {
                    saved.set(Some(view));
                    just_saved.set(true);
                    // The details are never shown back: the fields empty again.
                    for s in [bank_code, branch_code, account_number, email] {
                        s.set(String::new());
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let saving = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        just_saved.set(false);
        let Some(threshold_minor) =
            parse_amount(&threshold.get_untracked(), &currency_stored.get_value())
        else {
            local_threshold.set(true);
            crate::browser::focus_id("payout-threshold");
            return;
        };
        local_threshold.set(false);
        let opt = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let method_now = method.get_untracked();
        let bank = method_now == PayoutMethod::BankTransfer;
        let details = PayoutDetails {
            account_name: account_name.get_untracked().trim().to_owned(),
            bank_code: if bank { opt(bank_code) } else { None },
            branch_code: if bank { opt(branch_code) } else { None },
            account_number: if bank { opt(account_number) } else { None },
            email: if bank { None } else { opt(email) },
        };
        save.dispatch(PayoutSettingsInput {
            method: method_now,
            details,
            residency: residency.get_untracked(),
            threshold_minor,
        });
    };

    let bounds = Signal::derive(move || {
        i18n.fmt(
            Key::PayoutThresholdHint,
            &[("min", &money(i18n, &min)), ("max", &money(i18n, &max))],
        )
    });
    let method_choice = move |value: PayoutMethod, id: &'static str| {
        view! {
            <label class="choice" for=id>
                <input
                    type="radio"
                    id=id
                    name="payout-method"
                    value=value.as_str()
                    prop:checked=move || method.get() == value
                    on:change=move |_| method.set(value)
                />
                {i18n.tr(method_key(value))}
            </label>
        }
    };
    let residency_choice = move |value: Residency, id: &'static str| {
        view! {
            <label class="choice" for=id>
                <input
                    type="radio"
                    id=id
                    name="payout-residency"
                    value=value.as_str()
                    prop:checked=move || residency.get() == value
                    on:change=move |_| residency.set(value)
                />
                {i18n.tr(residency_key(value))}
            </label>
        }
    };
    let details_error = field_error("details");

    view! {
        <section class="section" aria-labelledby="payout-saved-heading">
            <h2 id="payout-saved-heading">{i18n.tr(Key::PayoutSaved)}</h2>
            {move || match saved.get() {
                Some(view) => view! { <SavedSettings view /> }.into_any(),
                None => view! { <p class="muted" data-testid="payout-none">{i18n.tr(Key::PayoutNoneYet)}</p> }.into_any(),
            }}
        </section>
        <form class="form card payout-form" on:submit=on_submit>
            <h2>{move || if saved.with(Option::is_some) { i18n.t(Key::PayoutChange) } else { i18n.t(Key::PayoutSetUp) }}</h2>
            <fieldset class="checkbox-group">
                <legend>{i18n.tr(Key::PayoutMethod)}</legend>
                {method_choice(PayoutMethod::BankTransfer, "payout-method-bank")}
                {method_choice(PayoutMethod::Paypal, "payout-method-paypal")}
            </fieldset>
            <fieldset class:field-invalid=move || details_error.with(Option::is_some) aria-describedby="payout-details-hint">
                <legend>{i18n.tr(Key::PayoutDetails)}</legend>
                <p class="hint" id="payout-details-hint">{i18n.tr(Key::PayoutDetailsHint)}</p>
                <Field id="payout-account-name" label=Key::PayoutAccountName error=field_error("account_name")>
                    <input id="payout-account-name" type="text" required maxlength="100" autocomplete="name" bind:value=account_name />
                </Field>
                <Show
                    when=move || method.get() == PayoutMethod::BankTransfer
                    fallback=move || view! {
                        <Field id="payout-email" label=Key::PayoutEmail error=field_error("email")>
                            <input id="payout-email" type="email" required autocomplete="email" bind:value=email />
                        </Field>
                    }
                >
                    <div class="field-row">
                        <Field id="payout-bank-code" label=Key::PayoutBankCode error=field_error("bank_code")
                            hint=Signal::derive(move || i18n.t(Key::PayoutBankCodeHint).to_owned())>
                            <input id="payout-bank-code" type="text" required inputmode="numeric" autocomplete="off" bind:value=bank_code />
                        </Field>
                        <Field id="payout-branch-code" label=Key::PayoutBranchCode error=field_error("branch_code")
                            hint=Signal::derive(move || i18n.t(Key::PayoutBranchCodeHint).to_owned())>
                            <input id="payout-branch-code" type="text" required inputmode="numeric" autocomplete="off" bind:value=branch_code />
                        </Field>
                    </div>
                    <Field id="payout-account-number" label=Key::PayoutAccountNumber error=field_error("account_number")
                        hint=Signal::derive(move || i18n.t(Key::PayoutAccountNumberHint).to_owned())>
                        <input id="payout-account-number" type="text" required inputmode="numeric" autocomplete="off" bind:value=account_number />
                    </Field>
                </Show>
                {move || details_error.get().map(|text| view! {
                    <p class="field-error" role="alert" data-testid="payout-details-error">{text}</p>
                })}
            </fieldset>
            <fieldset class="checkbox-group">
                <legend>{i18n.tr(Key::PayoutResidency)}</legend>
                <p class="hint">{i18n.tr(Key::PayoutResidencyHint)}</p>
                {residency_choice(Residency::Tw, "payout-residency-tw")}
                {residency_choice(Residency::Foreign, "payout-residency-foreign")}
            </fieldset>
            <Field id="payout-threshold" label=Key::PayoutThreshold error=field_error("threshold") hint=bounds>
                <input id="payout-threshold" type="text" inputmode="decimal" required bind:value=threshold />
            </Field>
            {move || just_saved.get().then(|| view! {
                <StatusMessage text=Signal::derive(move || i18n.t(Key::PayoutSavedNote).to_owned()) />
            })}
            {move || general().map(|error| view! { <ErrorBox error /> })}
            <button type="submit" class="button" disabled=saving>
                {move || if saving.get() { i18n.t(Key::Saving) } else { i18n.t(Key::PayoutSave) }}
            </button>
        </form>
    }
}

#[component]
fn SavedSettings(view: PayoutSettingsView) -> impl IntoView {
    let i18n = use_i18n();
    let threshold = view.threshold.clone();
    view! {
        <dl class="fin-dl card" data-testid="payout-saved">
            <div>
                <dt>{i18n.tr(Key::PayoutMethod)}</dt>
                <dd>{i18n.tr(method_key(view.method))}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::PayoutAccount)}</dt>
                <dd>
                    <span data-testid="payout-hint">{view.details_hint.clone()}</span>
                    " · "
                    {view.account_name.clone()}
                </dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::PayoutResidency)}</dt>
                <dd>{i18n.tr(residency_key(view.residency))}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::PayoutThreshold)}</dt>
                <dd>{move || money(i18n, &threshold)}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::PayoutUpdated)}</dt>
                <dd><LocalDateTime at=view.updated_at /></dd>
            </div>
        </dl>
    }
}

#[component]
fn MyPayouts() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let payouts = LocalResource::new(move || api::my_payouts(session));
    view! {
        <section class="section" aria-labelledby="my-payouts-heading">
            <h2 id="my-payouts-heading">{i18n.tr(Key::PayoutMine)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match payouts.await {
                        Ok(list) if list.is_empty() => view! { <EmptyMessage text=Key::PayoutNoPayouts /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain-list payout-list" role="list" data-testid="my-payouts">
                                {list.into_iter().map(|p| view! { <li><PayoutCard payout=p /></li> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One payout as its creator sees it: figures, then what happened to it.
#[component]
fn PayoutCard(payout: Payout) -> impl IntoView {
    let i18n = use_i18n();
    let p = payout;
    let period = p.period.clone();
    let figures = [
        (Key::EarnGross, p.gross.clone()),
        (Key::EarnTax, p.tax.clone()),
        (Key::EarnNet, p.net.clone()),
    ]
    .into_iter()
    .map(|(key, amount): (Key, Money)| {
        view! {
            <div>
                <dt>{i18n.tr(key)}</dt>
                <dd>{move || money(i18n, &amount)}</dd>
            </div>
        }
    })
    .collect_view();
    view! {
        <article class="card payout-card" data-testid="payout-card">
            <header class="payout-card-head">
                <h3>{move || i18n.fmt(Key::PayoutFor, &[("month", &month_label(i18n.locale(), &period))])}</h3>
                <PayoutStatusBadge status=p.status />
            </header>
            <dl class="fin-dl">{figures}</dl>
            <p class="muted">{i18n.tr(method_key(p.method))} " · " {p.details_hint.clone()}</p>
            <PayoutHistory payout=p />
        </article>
    }
}

/// What happened to a payout, oldest first: status, when, reference or
/// reason, and who did it.
#[component]
pub fn PayoutHistory(payout: Payout) -> impl IntoView {
    let i18n = use_i18n();
    let items = payout
        .events
        .into_iter()
        .map(|e| {
            let reference = e.reference.clone().map(|r| {
                view! { " · " {move || i18n.fmt(Key::PayoutReference, &[("reference", &r)])} }
            });
            let reason = e.reason.clone().map(|r| {
                view! { " · " {move || i18n.fmt(Key::PayoutReason, &[("reason", &r)])} }
            });
            let actor = e
                .actor_handle
                .clone()
                .map(|h| view! { " · " {format!("@{h}")} });
            view! {
                <li>
                    <strong>{i18n.tr(payout_status_key(e.kind))}</strong>
                    " · "
                    <LocalDateTime at=e.at />
                    {reference}
                    {reason}
                    {actor}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="payout-history">
            <summary>{i18n.tr(Key::PayoutHistory)}</summary>
            <ol class="payout-events">{items}</ol>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn with_reason(code: &str, reason: &str) -> ApiError {
        ApiError {
            reason: Some(reason.to_owned()),
            ..err(code, None)
        }
    }

    fn err(code: &str, field: Option<&str>) -> ApiError {
        let mut args = BTreeMap::new();
        if let Some(f) = field {
            args.insert("field".to_owned(), ErrorArg::Text(f.to_owned()));
        }
        ApiError {
            status: 422,
            code: code.into(),
            message: code.into(),
            reason: None,
            args,
        }
    }

    #[test]
    fn server_errors_go_next_to_their_field() {
        assert_eq!(
            payout_error_field(&err("threshold_out_of_range", None)),
            Some("threshold")
        );
        assert_eq!(
            payout_error_field(&err("invalid_payout_details", Some("bank_code"))),
            Some("bank_code")
        );
        assert_eq!(
            payout_error_field(&err("invalid_payout_details", Some("iban"))),
            Some("details")
        );
        assert_eq!(
            payout_error_field(&err("invalid_payout_details", None)),
            Some("details")
        );
        assert_eq!(
            payout_error_field(&with_reason("invalid_payout_details", "account-number")),
            Some("account_number")
        );
        assert_eq!(
            payout_error_field(&with_reason("threshold_out_of_range", "range")),
            Some("threshold")
        );
        assert_eq!(payout_error_field(&err("not_logged_in", None)), None);
    }
}
