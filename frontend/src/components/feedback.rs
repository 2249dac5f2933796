//! Loading, error and success messages, announced to assistive technology.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{Key, Locale, use_i18n};

/// A translation for the server's stable error codes. English readers get the server's
/// own (more specific) message; other locales get this text when there is one.
pub fn server_code_key(code: &str) -> Option<Key> {
    Some(match code {
        "invalid_credentials" => Key::ErrInvalidCredentials,
        "account_exists" => Key::ErrAccountExists,
        "weak_password" => Key::ErrWeakPassword,
        "invalid_email" => Key::ErrInvalidEmail,
        "invalid_handle" => Key::ErrInvalidHandle,
        "invalid_display_name" => Key::ErrInvalidDisplayName,
        "invalid_bio" => Key::ErrInvalidBio,
        "invalid_field" => Key::ErrInvalidField,
        "invalid_links" => Key::ErrInvalidLinks,
        "application_pending" => Key::ErrApplicationPending,
        "not_a_member" => Key::ErrNotAMember,
        "already_decided" => Key::ErrAlreadyDecided,
        "reason_required" | "invalid_reason" => Key::ReasonRequired,
        "invalid_image" | "unsupported_media_type" => Key::ErrInvalidImage,
        "image_too_small" => Key::ErrImageTooSmall,
        "payload_too_large" => Key::ErrTooLarge,
        "rate_limited" => Key::ErrRateLimited,
        "forbidden" => Key::ErrForbidden,
        "not_found" => Key::ErrNotFound,
        "unsupported_image_format" => Key::ErrUnsupportedFormat,
        "format_not_accepted" => Key::ErrFormatNotAccepted,
        "image_too_large" => Key::ErrImageTooLarge,
        "entry_limit_reached" => Key::ErrEntryLimit,
        "submissions_closed" => Key::ErrSubmissionsClosed,
        "missing_file" => Key::ErrMissingFile,
        "upload_timeout" | "upload_interrupted" => Key::ErrUploadFailed,
        "invalid_title" => Key::ErrInvalidTitle,
        "invalid_description" => Key::ErrInvalidDescription,
        "invalid_tags" => Key::ErrInvalidTags,
        "voting_closed" | "entry_closed" => Key::ErrEntryLocked,
        "not_a_colour_challenge" => Key::ErrNotColourChallenge,
        "ranking_unavailable" | "results_not_published" => Key::ErrResultsNotPublished,
        "own_entry" => Key::ErrOwnEntry,
        "voting_not_open" => Key::ErrVotingNotOpen,
        "account_too_new" => Key::ErrAccountTooNew,
        "invalid_score" => Key::ErrInvalidScore,
        "voting_not_closed" => Key::ErrVotingNotClosed,
        "invalid_winners" => Key::ErrInvalidWinners,
        "not_flagged" => Key::ErrNotFlagged,
        "slug_taken" => Key::ErrSlugTaken,
        "invalid_slug" => Key::ErrInvalidSlug,
        "invalid_palette" => Key::ErrInvalidPalette,
        "invalid_rules" => Key::ErrInvalidRules,
        "invalid_phase_times" => Key::ErrInvalidPhaseTimes,
        "invalid_brief" | "invalid_prizes" => Key::ErrTextTooLong,
        "missing_field" => Key::ErrMissingField,
        "not_invited" => Key::ErrNotInvited,
        "poll_not_open" => Key::ErrPollNotOpen,
        "ballot_final" => Key::ErrBallotFinal,
        "invalid_choice" => Key::ErrInvalidChoice,
        "poll_locked" => Key::ErrPollLocked,
        "invalid_question" => Key::ErrInvalidQuestion,
        "invalid_product" => Key::ErrInvalidProduct,
        "invalid_options" => Key::ErrInvalidOptions,
        "invalid_max_choices" => Key::ErrInvalidMaxChoices,
        "invalid_poll_times" => Key::ErrInvalidPollTimes,
        "too_many_invites" => Key::ErrTooManyInvites,
        "email_unverified" => Key::ErrEmailUnverified,
        "verification_invalid" => Key::ErrVerificationInvalid,
        "verification_expired" => Key::ErrVerificationExpired,
        "already_verified" => Key::ErrAlreadyVerified,
        "mail_unavailable" => Key::ErrMailUnavailable,
        "flag_not_discountable" => Key::ErrNotDiscountable,
        _ => return None,
    })
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {i18n.tr(Key::Loading)}
        </p>
    }
}

/// Shows an API error: the server's message and code, or a translated text for
/// failures the client itself detected.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let client_key = match error.code.as_str() {
        ApiError::NETWORK => Some(Key::ErrNetwork),
        ApiError::BAD_RESPONSE => Some(Key::ErrUnexpected),
        ApiError::NOT_LOGGED_IN => Some(Key::ErrNotLoggedIn),
        _ => None,
    };
    let server_key = server_code_key(&error.code);
    let message = error.message.clone();
    let code = error.code.clone();
    let code_attr = error.code.clone();
    view! {
        <div class="error-box" role="alert" data-error-code=code_attr>
            <p class="error-message">
                {move || match (client_key, server_key, i18n.locale()) {
                    (Some(key), _, _) => i18n.t(key).to_owned(),
                    (None, Some(key), locale) if locale != Locale::En => i18n.t(key).to_owned(),
                    _ => message.clone(),
                }}
            </p>
            <p class="error-code">{i18n.tr(Key::ErrorCode)} ": " <code>{code}</code></p>
        </div>
    }
}

/// A polite confirmation such as "Saved".
#[component]
pub fn StatusMessage(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <p class="status-message" role="status">{text}</p>
    }
}

/// An explanation the server writes in English (how a score or a count works): English
/// readers get it as sent, other locales our translation of it.
#[component]
pub fn ServerExplanation(#[prop(into)] text: String, translation: Key) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if i18n.locale() == Locale::En {
            text.clone()
        } else {
            i18n.t(translation).to_owned()
        }
    }
}
