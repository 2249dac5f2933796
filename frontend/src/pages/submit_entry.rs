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
use crate::components::template_tiles::TemplatePicker;
use crate::components::{ErrorBox, Field, FormErrors, PaletteMatchView};
use crate::i18n::{Key, use_i18n};
use crate::pages::challenge::format_list;
use crate::session::use_session;

/// The server's limit for an upload (`media.max_upload_bytes`, 25 MiB by
/// default), when the challenge does not say.
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
pub fn check_entry_file(
    mime: &str,
    bytes: f64,
    accepted: &[String],
    max_bytes: f64,
) -> Result<(), Key> {
    if !accepted
        .iter()
        .filter_map(|f| mime_for_format(f))
        .any(|m| m == mime)
    {
        Err(Key::EntryWrongType)
    } else if bytes <= 0.0 {
        Err(Key::EntryEmptyFile)
    } else if bytes > max_bytes {
        Err(Key::EntryTooLarge)
    } else {
        Ok(())
    }
}

/// Whether an image of `width` x `height` pixels meets the challenge's minimum.
pub fn big_enough(width: u32, height: u32, min_width: i32, min_height: i32) -> bool {
    i64::from(width) >= i64::from(min_width) && i64::from(height) >= i64::from(min_height)
}

/// The pixel size of the image at `url` (an object URL), decoded by the
/// browser; `None` when it cannot decode it.
async fn image_size(url: &str) -> Option<(u32, u32)> {
    use wasm_bindgen::JsCast;
    let img: web_sys::HtmlImageElement = web_sys::window()?
        .document()?
        .create_element("img")
        .ok()?
        .dyn_into()
        .ok()?;
    img.set_src(url);
    wasm_bindgen_futures::JsFuture::from(img.decode())
        .await
        .ok()?;
    Some((img.natural_width(), img.natural_height()))
}

/// What is wrong with a picked file, found in the browser.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    /// A message without details beyond the challenge's formats and size limit.
    Plain(Key),
    /// Fewer pixels than the challenge asks for.
    TooSmall(u32, u32),
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
}

impl Upload {
    fn percent(&self) -> Option<u32> {
        match self {
            Upload::Sending(f) => Some((f * 100.0).floor() as u32),
            Upload::Processing | Upload::Done(_) => Some(100),
            Upload::Idle => None,
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
    let max_bytes = challenge
        .max_upload_bytes
        .map_or(MAX_ENTRY_BYTES, |b| b as f64);
    let size_text = format_bytes(max_bytes);
    let limit = u32::try_from(challenge.rules.entries_per_member).unwrap_or(0);
    // The member's entries that hold a place; the form closes at the limit.
    let used = RwSignal::new(challenge.my_entries.unwrap_or(0));
    let at_limit = Memo::new(move |_| used.get() >= limit);

    let file = RwSignal::new_local(None::<web_sys::File>);
    let file_info = RwSignal::new(None::<(String, f64)>);
    let preview = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Problem>);
    let reading = RwSignal::new(false);
    let palette = RwSignal::new(None::<Result<PaletteMatch, ApiError>>);
    let checking = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let template_id = RwSignal::new(None::<i64>);
    let upload = RwSignal::new(Upload::Idle);
    let errors = FormErrors::new(&["file", "title", "description", "tags"]);
    let file_input = NodeRef::<html::Input>::new();
    // A newer pick makes an older check's answer stale.
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
        errors.clear();
        palette.set(None);
        checking.set(false);
        reading.set(false);
        pick_count.update_value(|n| *n += 1);
        if !upload.get_untracked().busy() {
            upload.set(Upload::Idle);
        }
        let Some(picked) = browser::picked_file(&ev) else {
            return;
        };
        if let Err(key) =
            accepted.with_value(|a| check_entry_file(&picked.type_(), picked.size(), a, max_bytes))
        {
            problem.set(Some(Problem::Plain(key)));
            return;
        }
        let Some(url) = browser::object_url(&picked) else {
            problem.set(Some(Problem::Plain(Key::EntryUnreadable)));
            return;
        };
        // The pixel size, read here: a too-small image is never sent.
        let this_pick = pick_count.get_value();
        reading.set(true);
        spawn_local(async move {
            let size = image_size(&url).await;
            if pick_count.try_get_value() != Some(this_pick) {
                browser::revoke_object_url(&url);
                return;
            }
            reading.try_set(false);
            match size {
                None => {
                    browser::revoke_object_url(&url);
                    problem.try_set(Some(Problem::Plain(Key::EntryUnreadable)));
                }
                Some((w, h)) if !big_enough(w, h, min_w, min_h) => {
                    browser::revoke_object_url(&url);
                    problem.try_set(Some(Problem::TooSmall(w, h)));
                }
                Some(_) => {
                    preview.try_set(Some(url));
                    file_info.try_set(Some((picked.name(), picked.size())));
                    if is_colour {
                        check_palette(picked.clone());
                    }
                    file.try_set(Some(picked));
                }
            }
        });
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
        if upload.get_untracked().busy() || reading.get_untracked() {
            return;
        }
        errors.clear();
        let Some(picked) = file.get_untracked() else {
            if problem.with_untracked(Option::is_none) {
                problem.set(Some(Problem::Plain(Key::EntryNoFile)));
            }
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
            let template = template_id.get_untracked();
            match api::submit_entry(
                session,
                &slug.get_value(),
                picked,
                &form,
                template,
                on_progress,
            )
            .await
            {
                Ok(entry) => {
                    upload.try_set(Upload::Done(Box::new(entry.clone())));
                    used.try_update(|n| *n += 1);
                    reset();
                    on_submitted.try_run(entry);
                }
                Err(error) => {
                    if error.code == "entry_limit_reached" {
                        used.try_set(limit);
                    }
                    upload.try_set(Upload::Idle);
                    errors.set(Some(error));
                }
            }
        });
    };

    let busy = move || upload.with(Upload::busy);
    let hint = {
        let formats = formats.clone();
        let size_text = size_text.clone();
        move || {
            let mut text = i18n.fmt(
                Key::EntryFileHint,
                &[("formats", &formats), ("size", &size_text)],
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
    let server_file_error = errors.field("file");
    let file_error = {
        let formats = formats.clone();
        let size_text = size_text.clone();
        Signal::derive(move || {
            let local = problem.get().map(|p| match p {
                Problem::Plain(key) => {
                    i18n.fmt(key, &[("formats", &formats), ("size", &size_text)])
                }
                Problem::TooSmall(w, h) => i18n.fmt_args(
                    Key::EntryTooSmall,
                    &[
                        ("width", w.into()),
                        ("height", h.into()),
                        ("min_width", min_w.into()),
                        ("min_height", min_h.into()),
                    ],
                ),
            });
            local.or_else(|| server_file_error.get())
        })
    };
    let description_count = Signal::derive(move || description.with(|d| d.trim().chars().count()));

    let form = move || {
        view! {
        <form class="form entry-form" on:submit=on_submit>
            <div class="entry-form-grid">
                <div class="entry-form-fields">
                    <Field id="entry-file" label=Key::ChooseImage hint=Signal::derive(hint.clone()) error=file_error>
                        <input
                            id="entry-file"
                            type="file"
                            accept=accept_attr.clone()
                            node_ref=file_input
                            on:change=on_pick
                        />
                    </Field>
                    {move || reading.get().then(|| view! {
                        <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>{i18n.tr(Key::EntryReadingImage)}</p>
                    })}
                    <Field
                        id="entry-title"
                        label=Key::EntryTitle
                        error=errors.field("title")
                        hint=Signal::derive(move || i18n.fmt_args(Key::EntryTitleRule, &[("max", atelier_api::rules::ENTRY_TITLE_MAX.into())]))
                    >
                        <input id="entry-title" type="text" maxlength=atelier_api::rules::ENTRY_TITLE_MAX.to_string() required bind:value=title />
                    </Field>
                    <Field
                        id="entry-description"
                        label=Key::Description
                        error=errors.field("description")
                        count=description_count
                        max=atelier_api::rules::ENTRY_DESCRIPTION_MAX
                    >
                        <textarea id="entry-description" rows="4" maxlength=atelier_api::rules::ENTRY_DESCRIPTION_MAX.to_string() bind:value=description></textarea>
                    </Field>
                    <Field
                        id="entry-tags"
                        label=Key::Tags
                        error=errors.field("tags")
                        hint=Signal::derive(move || i18n.t(Key::TagsHint).to_owned())
                    >
                        <input id="entry-tags" type="text" autocapitalize="none" bind:value=tags />
                    </Field>
                    <TemplatePicker slug=slug.get_value() chosen=template_id />
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
            <button type="submit" class="button" disabled=move || busy() || reading.get()>
                {move || if busy() { i18n.t(Key::Uploading) } else { i18n.t(Key::SubmitEntryButton) }}
            </button>
        </form>
        }
    };

    view! {
        <p class="entries-used" data-testid="entries-used">
            {move || {
                i18n.fmt_args(
                    Key::EntriesUsed,
                    &[("used", used.get().into()), ("limit", limit.into())],
                )
            }}
        </p>
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
            _ => ().into_any(),
        }}
        {move || errors.general().map(|error| view! { <ErrorBox error /> })}
        {move || {
            if at_limit.get() {
                view! {
                    <div class="notice entry-limit" data-testid="entry-limit">
                        <p>{move || i18n.fmt_args(Key::EntryLimitClosed, &[("limit", limit.into())])}</p>
                        <p><A href="/me/entries">{i18n.tr(Key::SeeMyEntries)}</A></p>
                    </div>
                }
                .into_any()
            } else {
                (form.clone())().into_any()
            }
        }}
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
        assert_eq!(
            check_entry_file("image/jpeg", 1000.0, &accepted, MAX_ENTRY_BYTES),
            Ok(())
        );
        assert_eq!(
            check_entry_file("image/png", 1000.0, &accepted, MAX_ENTRY_BYTES),
            Ok(())
        );
        assert_eq!(
            check_entry_file("image/webp", 1000.0, &accepted, MAX_ENTRY_BYTES),
            Err(Key::EntryWrongType)
        );
        assert_eq!(
            check_entry_file("application/pdf", 1000.0, &accepted, MAX_ENTRY_BYTES),
            Err(Key::EntryWrongType)
        );
    }

    #[test]
    fn files_over_25_mb_or_empty_are_refused() {
        let accepted = formats(&["gif"]);
        assert_eq!(
            check_entry_file("image/gif", MAX_ENTRY_BYTES, &accepted, MAX_ENTRY_BYTES),
            Ok(())
        );
        assert_eq!(
            check_entry_file(
                "image/gif",
                MAX_ENTRY_BYTES + 1.0,
                &accepted,
                MAX_ENTRY_BYTES
            ),
            Err(Key::EntryTooLarge)
        );
        assert_eq!(
            check_entry_file("image/gif", 0.0, &accepted, MAX_ENTRY_BYTES),
            Err(Key::EntryEmptyFile)
        );
    }

    #[test]
    fn the_challenges_own_byte_limit_applies() {
        let accepted = formats(&["png"]);
        assert_eq!(
            check_entry_file("image/png", 2000.0, &accepted, 1000.0),
            Err(Key::EntryTooLarge)
        );
    }

    #[test]
    fn images_below_the_minimum_size_are_refused() {
        assert!(big_enough(1200, 800, 1200, 800));
        assert!(!big_enough(1199, 800, 1200, 800));
        assert!(!big_enough(1200, 799, 1200, 800));
        assert!(big_enough(1, 1, 0, 0));
    }

    #[test]
    fn sizes_read_in_kb_or_mb() {
        assert_eq!(format_bytes(21_474.0), "21 KB");
        assert_eq!(format_bytes(10.0), "1 KB");
        assert_eq!(format_bytes(3.5 * 1024.0 * 1024.0), "3.5 MB");
    }
}
