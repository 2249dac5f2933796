//! The entry form: pick an image (checked and previewed here first), see how it matches
//! a colour challenge's palette, then upload it with a real progress bar.

use std::rc::Rc;

use atelier_api::{ChallengeDetail, EntryDetail, PaletteMatch, Theme};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError, EntryForm};
use crate::browser;
use crate::components::{ErrorBox, PaletteMatchView};
use crate::i18n::{Key, use_i18n};
use crate::pages::challenge::format_list;
use crate::session::use_session;

/// The server's limit for an upload (`media.max_upload_bytes`, 25 MiB by default).
pub const MAX_ENTRY_BYTES: f64 = 25.0 * 1024.0 * 1024.0;

pub fn mime_for_format(format: &str) -> Option<&'static str> {
    match format {
        "jpeg" | "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        "gif" => Some("image/gif"),
        _ => None,
    }
}

/// Checks a picked file against the challenge's formats and the size limit.
pub fn check_entry_file(mime: &str, bytes: f64, accepted: &[String]) -> Result<(), Key> {
    if !accepted
        .iter()
        .filter_map(|f| mime_for_format(f))
        .any(|m| m == mime)
    {
        Err(Key::EntryWrongType)
    } else if bytes <= 0.0 {
        Err(Key::EntryEmptyFile)
    } else if bytes > MAX_ENTRY_BYTES {
        Err(Key::EntryTooLarge)
    } else {
        Ok(())
    }
}

/// "21 KB", "3.4 MB": file sizes for people.
pub fn format_bytes(bytes: f64) -> String {
    const KB: f64 = 1024.0;
    if bytes < KB * KB {
        format!("{:.0} KB", (bytes / KB).max(1.0))
    } else {
        format!("{:.1} MB", bytes / (KB * KB))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Upload {
    Idle,
    /// Fraction of the file sent so far.
    Sending(f64),
    /// Sent in full; the server is checking and resizing it.
    Processing,
    Done(Box<EntryDetail>),
    Failed(ApiError),
}

impl Upload {
    fn percent(&self) -> Option<u32> {
        match self {
            Upload::Sending(f) => Some((f * 100.0).floor() as u32),
            Upload::Processing | Upload::Done(_) => Some(100),
            Upload::Idle | Upload::Failed(_) => None,
        }
    }

    fn busy(&self) -> bool {
        matches!(self, Upload::Sending(_) | Upload::Processing)
    }
}

#[component]
pub fn SubmitEntryForm(
    challenge: ChallengeDetail,
    on_submitted: Callback<EntryDetail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let slug = StoredValue::new(challenge.summary.slug.clone());
    let accepted = StoredValue::new(challenge.rules.accepted_formats.clone());
    let is_colour = challenge.summary.theme == Theme::Colour;
    let formats = format_list(&challenge.rules.accepted_formats);
    let accept_attr = challenge
        .rules
        .accepted_formats
        .iter()
        .filter_map(|f| mime_for_format(f))
        .collect::<Vec<_>>()
        .join(",");
    let min_w = challenge.rules.min_width;
    let min_h = challenge.rules.min_height;

    let file = RwSignal::new_local(None::<web_sys::File>);
    let file_info = RwSignal::new(None::<(String, f64)>);
    let preview = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Key>);
    let palette = RwSignal::new(None::<Result<PaletteMatch, ApiError>>);
    let checking = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let upload = RwSignal::new(Upload::Idle);
    let file_input = NodeRef::<html::Input>::new();
    // A newer pick makes an older palette answer stale.
    let pick_count = StoredValue::new(0u32);

    let clear_preview = move || {
        if let Some(url) = preview.get_untracked() {
            browser::revoke_object_url(&url);
        }
        preview.set(None);
    };
    on_cleanup(move || {
        if let Some(url) = preview.get_untracked() {
            browser::revoke_object_url(&url);
        }
    });

    let check_palette = move |picked: web_sys::File| {
        let this_pick = pick_count.get_value();
        checking.set(true);
        spawn_local(async move {
            let result = api::palette_check(session, &slug.get_value(), picked).await;
            if pick_count.try_get_value() == Some(this_pick) {
                palette.try_set(Some(result));
                checking.try_set(false);
            }
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        clear_preview();
        file.set(None);
        file_info.set(None);
        problem.set(None);
        palette.set(None);
        checking.set(false);
        pick_count.update_value(|n| *n += 1);
        if !upload.get_untracked().busy() {
            upload.set(Upload::Idle);
        }
        let Some(picked) = browser::picked_file(&ev) else {
            return;
        };
        match accepted.with_value(|a| check_entry_file(&picked.type_(), picked.size(), a)) {
            Ok(()) => {
                preview.set(browser::object_url(&picked));
                file_info.set(Some((picked.name(), picked.size())));
                if is_colour {
                    check_palette(picked.clone());
                }
                file.set(Some(picked));
            }
            Err(key) => problem.set(Some(key)),
        }
    };

    let reset = move || {
        clear_preview();
        file.set(None);
        file_info.set(None);
        palette.set(None);
        title.set(String::new());
        description.set(String::new());
        tags.set(String::new());
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if upload.get_untracked().busy() {
            return;
        }
        let Some(picked) = file.get_untracked() else {
            problem.set(Some(Key::EntryNoFile));
            return;
        };
        let form = EntryForm {
            title: title.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            tags: tags.get_untracked(),
        };
        upload.set(Upload::Sending(0.0));
        let on_progress: Rc<dyn Fn(f64)> = Rc::new(move |fraction: f64| {
            let next = if fraction >= 1.0 {
                Upload::Processing
            } else {
                Upload::Sending(fraction)
            };
            upload.try_set(next);
        });
        spawn_local(async move {
            match api::submit_entry(session, &slug.get_value(), picked, &form, on_progress).await {
                Ok(entry) => {
                    upload.try_set(Upload::Done(Box::new(entry.clone())));
                    reset();
                    on_submitted.try_run(entry);
                }
                Err(error) => {
                    upload.try_set(Upload::Failed(error));
                }
            }
        });
    };

    let busy = move || upload.with(Upload::busy);
    let hint = {
        let formats = formats.clone();
        move || {
            let mut text = i18n.fmt(
                Key::EntryFileHint,
                &[("formats", &formats), ("size", "25 MB")],
            );
            if min_w > 0 || min_h > 0 {
                text.push(' ');
                text.push_str(&i18n.fmt(
                    Key::EntryMinSize,
                    &[
                        ("width", &min_w.to_string()),
                        ("height", &min_h.to_string()),
                    ],
                ));
            }
            text
        }
    };

    view! {
        <form class="form entry-form" on:submit=on_submit>
            <div class="entry-form-grid">
                <div class="entry-form-fields">
                    <div class="field">
                        <label for="entry-file">{i18n.tr(Key::ChooseImage)}</label>
                        <input
                            id="entry-file"
                            type="file"
                            accept=accept_attr
                            node_ref=file_input
                            aria-describedby="entry-file-hint"
                            on:change=on_pick
                        />
                        <p class="hint" id="entry-file-hint">{hint}</p>
                    </div>
                    {move || {
                        problem
                            .get()
                            .map(|key| {
                                let formats = formats.clone();
                                view! {
                                    <p class="field-error" role="alert">
                                        {move || i18n.fmt(key, &[("formats", &formats), ("size", "25 MB")])}
                                    </p>
                                }
                            })
                    }}
                    <div class="field">
                        <label for="entry-title">{i18n.tr(Key::EntryTitle)}</label>
                        <input id="entry-title" type="text" maxlength=atelier_api::rules::ENTRY_TITLE_MAX.to_string() required bind:value=title />
                    </div>
                    <div class="field">
                        <label for="entry-description">{i18n.tr(Key::Description)}</label>
                        <textarea id="entry-description" rows="4" maxlength=atelier_api::rules::ENTRY_DESCRIPTION_MAX.to_string() bind:value=description></textarea>
                    </div>
                    <div class="field">
                        <label for="entry-tags">{i18n.tr(Key::Tags)}</label>
                        <input
                            id="entry-tags"
                            type="text"
                            aria-describedby="entry-tags-hint"
                            autocapitalize="none"
                            bind:value=tags
                        />
                        <p class="hint" id="entry-tags-hint">{i18n.tr(Key::TagsHint)}</p>
                    </div>
                </div>
                <div class="entry-form-preview">
                    {move || {
                        preview
                            .get()
                            .map(|src| {
                                let info = file_info
                                    .get()
                                    .map(|(name, size)| format!("{name} · {}", format_bytes(size)))
                                    .unwrap_or_default();
                                view! {
                                    <figure class="entry-preview">
                                        <img src=src alt=i18n.tr(Key::EntryPreviewAlt) data-testid="entry-preview" />
                                        <figcaption class="muted">{info}</figcaption>
                                    </figure>
                                }
                            })
                    }}
                    <Show when=move || is_colour && (checking.get() || palette.with(Option::is_some))>
                        <div class="palette-check" aria-live="polite">
                            <h3>{i18n.tr(Key::PaletteCheck)}</h3>
                            {move || {
                                if checking.get() {
                                    view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>{i18n.tr(Key::CheckingColours)}</p> }.into_any()
                                } else {
                                    match palette.get() {
                                        Some(Ok(result)) => view! { <PaletteMatchView result /> }.into_any(),
                                        Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                                        None => ().into_any(),
                                    }
                                }
                            }}
                        </div>
                    </Show>
                </div>
            </div>
            {move || {
                upload
                    .with(Upload::percent)
                    .map(|pct| {
                        let state_key = match upload.get() {
                            Upload::Sending(_) => Key::UploadSending,
                            Upload::Processing => Key::UploadProcessing,
                            _ => Key::UploadDone,
                        };
                        view! {
                            <div class="upload-progress">
                                <progress
                                    max="100"
                                    value=pct
                                    aria-label=i18n.tr(Key::UploadProgress)
                                    aria-valuetext=format!("{pct}%")
                                    data-testid="upload-progress"
                                ></progress>
                                <span class="upload-percent" aria-hidden="true">{format!("{pct}%")}</span>
                                <p class="hint" role="status">{i18n.tr(state_key)}</p>
                            </div>
                        }
                    })
            }}
            {move || match upload.get() {
                Upload::Done(entry) => {
                    let href = format!("/entries/{}", entry.id);
                    view! {
                        <div class="status-message" role="status">
                            <p>{i18n.tr(Key::EntrySubmitted)}</p>
                            <p><A href=href>{i18n.tr(Key::ViewYourEntry)}</A></p>
                        </div>
                    }
                    .into_any()
                }
                Upload::Failed(error) => view! { <ErrorBox error /> }.into_any(),
                _ => ().into_any(),
            }}
            <button type="submit" class="button" disabled=busy>
                {move || if busy() { i18n.t(Key::Uploading) } else { i18n.t(Key::SubmitEntryButton) }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn only_the_challenges_formats_are_accepted() {
        let accepted = formats(&["jpeg", "png"]);
        assert_eq!(check_entry_file("image/jpeg", 1000.0, &accepted), Ok(()));
        assert_eq!(check_entry_file("image/png", 1000.0, &accepted), Ok(()));
        assert_eq!(
            check_entry_file("image/webp", 1000.0, &accepted),
            Err(Key::EntryWrongType)
        );
        assert_eq!(
            check_entry_file("application/pdf", 1000.0, &accepted),
            Err(Key::EntryWrongType)
        );
    }

    #[test]
    fn files_over_25_mb_or_empty_are_refused() {
        let accepted = formats(&["gif"]);
        assert_eq!(
            check_entry_file("image/gif", MAX_ENTRY_BYTES, &accepted),
            Ok(())
        );
        assert_eq!(
            check_entry_file("image/gif", MAX_ENTRY_BYTES + 1.0, &accepted),
            Err(Key::EntryTooLarge)
        );
        assert_eq!(
            check_entry_file("image/gif", 0.0, &accepted),
            Err(Key::EntryEmptyFile)
        );
    }

    #[test]
    fn sizes_read_in_kb_or_mb() {
        assert_eq!(format_bytes(21_474.0), "21 KB");
        assert_eq!(format_bytes(10.0), "1 KB");
        assert_eq!(format_bytes(3.5 * 1024.0 * 1024.0), "3.5 MB");
    }
}
