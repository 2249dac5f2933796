//! One way to show a form field: its label, the rule stated before anyone
//! breaks it (the hint), an optional character counter, and the complaint
//! about it (from the browser's own checks or the server's answer) right
//! next to it.
//!
//! ```ignore
//! let errors = FormErrors::new(&["handle", "password"]);
//! view! {
//!     <Field id="register-handle" label=Key::Handle error=errors.field("handle")
//!         hint=Signal::derive(move || i18n.t(Key::HandleHint).to_owned())>
//!         <input id="register-handle" bind:value=handle />
//!     </Field>
//!     // Whatever no field of this form shows:
//!     {move || errors.general().map(|error| view! { <ErrorBox error /> })}
//! }
//! ```
//!
//! The control inside is found by its `id`: `Field` gives it
//! `aria-describedby` (the hint, the counter and the error) and
//! `aria-invalid="true"` while there is an error, and moves the focus to it
//! when an error arrives, so the caller writes the control as usual.

use leptos::html;
use leptos::prelude::*;

use atelier_api::ErrorArg;

use crate::api::ApiError;
use crate::i18n::{Key, use_i18n};

/// The field an API error code is about, named as forms name their fields
/// with [`FormErrors::new`]; `None` for errors about the whole form.
pub fn field_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid_email" => "email",
        "invalid_handle" => "handle",
        "weak_password" => "password",
        "invalid_display_name" => "display_name",
        "invalid_bio" => "bio",
        "invalid_field" => "field",
        "invalid_links" => "links",
        "invalid_title" => "title",
        "invalid_description" => "description",
        "invalid_tags" => "tags",
        "invalid_slug" | "slug_taken" => "slug",
        "invalid_brief" => "brief",
        "invalid_prizes" => "prizes",
        "invalid_palette" => "palette",
        "invalid_rules" => "rules",
        "invalid_phase_times" => "phases",
        "reason_required" | "invalid_reason" => "reason",
        "format_not_accepted"
        | "image_too_small"
        | "image_too_large"
        | "unsupported_image_format"
        | "invalid_image"
        | "missing_file"
        | "payload_too_large" => "file",
        _ => return None,
    })
}

/// An error the browser finds itself, shown like the server's: `code`'s
/// message (its attribute `reason`, filled from `args`).
pub fn local_error(code: &str, reason: Option<&str>, args: &[(&str, i64)]) -> ApiError {
    ApiError {
        status: 0,
        code: code.to_owned(),
        message: code.to_owned(),
        reason: reason.map(str::to_owned),
        args: args
            .iter()
            .map(|(name, value)| ((*name).to_owned(), ErrorArg::Number(*value)))
            .collect(),
    }
}

/// The last error of a form, shown next to the field it concerns (when the
/// form has that field) or above the submit button.
#[derive(Clone, Copy)]
pub struct FormErrors {
    error: RwSignal<Option<ApiError>>,
    fields: &'static [&'static str],
}

impl FormErrors {
    /// A form whose fields are named `fields` (see [`field_of`]).
    pub fn new(fields: &'static [&'static str]) -> Self {
        FormErrors {
            error: RwSignal::new(None),
            fields,
        }
    }

    pub fn set(self, error: Option<ApiError>) {
        self.error.set(error);
    }

    pub fn clear(self) {
        if self.error.with_untracked(Option::is_some) {
            self.error.set(None);
        }
    }

    /// The field of this form that `error` concerns.
    pub fn field_for(self, error: &ApiError) -> Option<&'static str> {
        field_of(&error.code).filter(|f| self.fields.contains(f))
    }

    /// The message for field `name`, in the current language (tracked).
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            self.error.with(|e| {
                e.as_ref()
                    .filter(|e| self.field_for(e) == Some(name))
                    .map(|e| e.text(i18n.locale()))
            })
        })
    }

    /// The error no field of this form shows (tracked).
    pub fn general(self) -> Option<ApiError> {
        self.error
            .with(|e| e.as_ref().filter(|e| self.field_for(e).is_none()).cloned())
    }
}

/// The ids a control's `aria-describedby` lists: its hint, counter and
/// error, those that are shown.
pub fn described_by(id: &str, hint: bool, counter: bool, error: bool) -> String {
    [(hint, "hint"), (counter, "count"), (error, "error")]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, part)| format!("{id}-{part}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A labelled field around one control whose id is `id`.
#[component]
pub fn Field(
    /// The control's id (the label's `for`); the hint, counter and error are
    /// `{id}-hint`, `{id}-count` and `{id}-error`.
    id: &'static str,
    label: Key,
    /// The rule, shown before the field is filled in.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The complaint about this field, if any.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// A live character count of the value, against `max`.
    #[prop(optional, into)]
    count: Option<Signal<usize>>,
    #[prop(optional)] max: Option<usize>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let wrapper = NodeRef::<html::Div>::new();
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let counter = count.zip(max);
    let over = move || counter.is_some_and(|(count, max)| count.get() > max);
    let has_hint = hint.is_some();
    let has_counter = counter.is_some();

    // Tell the control what describes it, and whether it is invalid; focus
    // it when a complaint arrives.
    Effect::new(move |was_invalid: Option<bool>| {
        let invalid = error.with(Option::is_some) || over();
        if let Some(control) = wrapper
            .get()
            .and_then(|w| w.query_selector(&format!("#{id}")).ok().flatten())
        {
            let ids = described_by(id, has_hint, has_counter, error.with(Option::is_some));
            if ids.is_empty() {
                let _ = control.remove_attribute("aria-describedby");
            } else {
                let _ = control.set_attribute("aria-describedby", &ids);
            }
            if invalid {
                let _ = control.set_attribute("aria-invalid", "true");
            } else {
                let _ = control.remove_attribute("aria-invalid");
            }
            if error.with_untracked(Option::is_some) && was_invalid == Some(false) {
                crate::browser::focus_id(id);
            }
        }
        invalid
    });

    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some) || over() node_ref=wrapper>
            <label for=id>{i18n.tr(label)}</label>
            {hint.map(|hint| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })}
            {children()}
            {counter.map(|(count, max)| {
                view! {
                    <p class="char-count" class:over=over id=format!("{id}-count")>
                        {move || i18n.fmt_args(
                            Key::CharCount,
                            &[("count", count.get().into()), ("max", max.into())],
                        )}
                    </p>
                }
            })}
            {move || {
                error
                    .get()
                    .map(|text| {
                        view! { <p class="field-error" id=format!("{id}-error") role="alert">{text}</p> }
                    })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_the_field_they_concern() {
        assert_eq!(field_of("weak_password"), Some("password"));
        assert_eq!(field_of("invalid_handle"), Some("handle"));
        assert_eq!(field_of("invalid_phase_times"), Some("phases"));
        assert_eq!(field_of("image_too_small"), Some("file"));
        assert_eq!(field_of("invalid_credentials"), None);
    }

    #[test]
    fn controls_are_described_by_hint_counter_and_error() {
        assert_eq!(
            described_by("bio", true, true, true),
            "bio-hint bio-count bio-error"
        );
        assert_eq!(described_by("name", false, false, true), "name-error");
        assert_eq!(described_by("name", true, false, false), "name-hint");
        assert_eq!(described_by("name", false, false, false), "");
    }
}
