//! Previews and source files: pick several at once; each is checked here
//! first, then uploaded on its own with its own progress bar and its own
//! error. They go one after another in the order picked, so the previews
//! keep that order (the first is the catalogue's thumbnail).

use std::collections::VecDeque;
use std::rc::Rc;

use atelier_api::{TemplateDetail, TemplateFile, TemplatePreview};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::model::{
    PREVIEW_TYPES, PREVIEWS_MAX, SOURCE_EXTENSIONS, SOURCE_MAX_BYTES, preview_problem,
    previews_that_fit, source_problem,
};
use crate::api::{self, ApiError};
use crate::components::ErrorBox;
use crate::i18n::{Key, use_i18n};
use crate::pages::submit_entry::{MAX_ENTRY_BYTES, format_bytes};
use crate::session::use_session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Preview,
    Source,
}

#[derive(Debug, Clone, PartialEq)]
enum RowState {
    /// Behind the uploads picked before it.
    Waiting,
    /// Fraction sent so far.
    Sending(f64),
    /// Sent; the server is checking it.
    Processing,
    Done,
    /// Refused here before sending.
    Refused(Key),
    Failed(ApiError),
}

impl RowState {
    fn percent(&self) -> Option<u32> {
        match self {
            RowState::Waiting => Some(0),
            RowState::Sending(f) => Some((f * 100.0).floor() as u32),
            RowState::Processing | RowState::Done => Some(100),
            RowState::Refused(_) | RowState::Failed(_) => None,
        }
    }

    fn in_flight(&self) -> bool {
        matches!(
            self,
            RowState::Waiting | RowState::Sending(_) | RowState::Processing
        )
    }

    fn label(&self) -> Option<Key> {
        match self {
            RowState::Waiting => Some(Key::CreatorUploadWaiting),
            RowState::Sending(_) => Some(Key::CreatorUploadSending),
            RowState::Processing => Some(Key::CreatorUploadProcessing),
            RowState::Done => Some(Key::CreatorUploadDone),
            RowState::Refused(_) | RowState::Failed(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Row {
    key: u32,
    name: String,
    bytes: f64,
    state: RwSignal<RowState>,
}

/// Every file of a multiple file input's change event.
fn picked_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    // The same files can be picked again after an error.
    input.set_value("");
    files
}

enum Uploaded {
    Preview(TemplatePreview),
    Source(TemplateFile),
}

#[component]
pub fn UploadPanel(
    kind: Kind,
    template_id: i64,
    current: RwSignal<TemplateDetail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let rows = RwSignal::new(Vec::<Row>::new());
    let next_key = StoredValue::new(0u32);
    // Files waiting for their turn, by row key (files stay in this thread).
    let queue = StoredValue::new_local(VecDeque::<(u32, web_sys::File)>::new());
    let running = StoredValue::new(false);
    let remove_error = RwSignal::new(None::<ApiError>);

    let record = move |uploaded: Uploaded| {
        current.try_update(|t| match uploaded {
            Uploaded::Preview(p) => t.previews.push(p),
            Uploaded::Source(f) => t.files.push(f),
        });
    };

    let pump = move || {
        if running.get_value() {
            return;
        }
        running.set_value(true);
        spawn_local(async move {
            loop {
                let Some((key, file)) = queue.try_update_value(VecDeque::pop_front).flatten()
                else {
                    break;
                };
                let Some(state) = rows
                    .try_with_untracked(|rs| rs.iter().find(|r| r.key == key).map(|r| r.state))
                    .flatten()
                else {
                    continue;
                };
                state.try_set(RowState::Sending(0.0));
                let on_progress: Rc<dyn Fn(f64)> = Rc::new(move |fraction: f64| {
                    // The answer may already be in: never go back to "sending".
                    if state.try_with_untracked(RowState::in_flight) == Some(true) {
                        state.try_set(if fraction >= 1.0 {
                            RowState::Processing
                        } else {
                            RowState::Sending(fraction)
                        });
                    }
                });
                let result = match kind {
                    Kind::Preview => api::upload_preview(session, template_id, file, on_progress)
                        .await
                        .map(Uploaded::Preview),
                    Kind::Source => api::upload_source(session, template_id, file, on_progress)
                        .await
                        .map(Uploaded::Source),
                };
                match result {
                    Ok(uploaded) => {
                        state.try_set(RowState::Done);
                        record(uploaded);
                    }
                    Err(error) => {
                        state.try_set(RowState::Failed(error));
                    }
                }
            }
            running.try_set_value(false);
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let files = picked_files(&ev);
        if files.is_empty() {
            return;
        }
        remove_error.set(None);
        // A new batch replaces the finished rows of the last one.
        rows.update(|rs| rs.retain(|r| r.state.with_untracked(RowState::in_flight)));
        let mut room = match kind {
            Kind::Preview => {
                let have = current.with_untracked(|t| t.previews.len())
                    + rows.with_untracked(|rs| rs.len());
                previews_that_fit(have, files.len())
            }
            Kind::Source => files.len(),
        };
        let mut added = Vec::new();
        for file in files {
            let name = file.name();
            let bytes = file.size();
            let problem = match kind {
                Kind::Preview => preview_problem(&file.type_(), bytes, MAX_ENTRY_BYTES),
                Kind::Source => source_problem(&name, bytes, SOURCE_MAX_BYTES),
            };
            let state = match problem {
                Some(key) => RowState::Refused(key),
                None if room == 0 => RowState::Refused(Key::CreatorTooManyPreviews),
                None => {
                    room -= 1;
                    RowState::Waiting
                }
            };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            if state == RowState::Waiting {
                queue.update_value(|q| q.push_back((key, file)));
            }
            added.push(Row {
                key,
                name,
                bytes,
                state: RwSignal::new(state),
            });
        }
        rows.update(|rs| rs.extend(added));
        pump();
    };

    let dismiss = move |key: u32| rows.update(|rs| rs.retain(|r| r.key != key));

    let remove_preview = Action::new_local(move |preview_id: &i64| {
        let preview_id = *preview_id;
        async move {
            api::delete_preview(session, template_id, preview_id).await?;
            current.update(|t| t.previews.retain(|p| p.id != preview_id));
            Ok::<(), ApiError>(())
        }
    });
    let remove_source = Action::new_local(move |file_id: &i64| {
        let file_id = *file_id;
        async move {
            api::delete_source(session, template_id, file_id).await?;
            current.update(|t| t.files.retain(|f| f.id != file_id));
            Ok::<(), ApiError>(())
        }
    });
    Effect::new(move |_| {
        let failed = match kind {
            Kind::Preview => remove_preview.value().get(),
            Kind::Source => remove_source.value().get(),
        };
        remove_error.set(failed.and_then(Result::err));
    });
    let removing = Signal::derive(move || match kind {
        Kind::Preview => remove_preview.pending().get(),
        Kind::Source => remove_source.pending().get(),
    });

    let (heading, input_id, pick_label, accept) = match kind {
        Kind::Preview => (
            Key::CreatorPreviews,
            "template-previews",
            Key::CreatorAddPreviews,
            PREVIEW_TYPES.join(","),
        ),
        Kind::Source => (
            Key::CreatorSourceFiles,
            "template-sources",
            Key::CreatorAddSources,
            SOURCE_EXTENSIONS
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(","),
        ),
    };
    let heading_id = format!("{input_id}-heading");
    let hint_id = format!("{input_id}-hint");
    let hint = move || match kind {
        Kind::Preview => i18n.fmt_args(
            Key::CreatorPreviewsHint,
            &[
                ("max", PREVIEWS_MAX.into()),
                ("size", format_bytes(MAX_ENTRY_BYTES).as_str().into()),
            ],
        ),
        Kind::Source => i18n.fmt(
            Key::CreatorSourcesHint,
            &[("size", &format_bytes(SOURCE_MAX_BYTES))],
        ),
    };

    let existing = move || {
        match kind {
        Kind::Preview => current
            .with(|t| t.previews.clone())
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let n = i + 1;
                view! {
                    <li class="creator-preview" data-testid="creator-preview">
                        <img
                            src=p.thumbnail_url.clone()
                            alt=move || i18n.fmt_args(Key::CreatorPreviewAlt, &[("n", n.into())])
                            loading="lazy"
                        />
                        {(n == 1).then(|| view! { <span class="badge creator-first">{i18n.tr(Key::CreatorThumbnail)}</span> })}
                        <button
                            type="button"
                            class="button secondary small"
                            disabled=removing
                            aria-label=move || i18n.fmt_args(Key::CreatorRemovePreviewN, &[("n", n.into())])
                            on:click=move |_| {
                                remove_preview.dispatch(p.id);
                            }
                        >
                            {i18n.tr(Key::CreatorRemove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any(),
        Kind::Source => current
            .with(|t| t.files.clone())
            .into_iter()
            .map(|f| {
                let name = f.file_name.clone();
                view! {
                    <li class="creator-source" data-testid="creator-source">
                        <span class="creator-source-name">{f.file_name.clone()}</span>
                        <span class="muted">{format!("{} · {}", f.format.as_str().to_uppercase(), format_bytes(f.bytes as f64))}</span>
                        <button
                            type="button"
                            class="button secondary small"
                            disabled=removing
                            aria-label=move || i18n.fmt(Key::CreatorRemoveNamed, &[("name", &name)])
                            on:click=move |_| {
                                remove_source.dispatch(f.id);
                            }
                        >
                            {i18n.tr(Key::CreatorRemove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any(),
    }
    };
    let empty = move || match kind {
        Kind::Preview => current.with(|t| t.previews.is_empty()),
        Kind::Source => current.with(|t| t.files.is_empty()),
    };
    let limit_text = format_bytes(match kind {
        Kind::Preview => MAX_ENTRY_BYTES,
        Kind::Source => SOURCE_MAX_BYTES,
    });
    let list_class = match kind {
        Kind::Preview => "creator-previews",
        Kind::Source => "creator-sources",
    };

    view! {
        <section class="card creator-uploads" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{i18n.tr(heading)}</h2>
            <Show
                when=move || !empty()
                fallback=move || view! {
                    <p class="muted">{move || i18n.t(match kind {
                        Kind::Preview => Key::CreatorNoPreviews,
                        Kind::Source => Key::CreatorNoSources,
                    })}</p>
                }
            >
                <ul class=list_class role="list">{existing}</ul>
            </Show>
            {move || remove_error.get().map(|error| view! { <ErrorBox error /> })}
            <div class="field">
                <label for=input_id>{i18n.tr(pick_label)}</label>
                <p class="hint" id=hint_id.clone()>{hint}</p>
                <input
                    id=input_id
                    type="file"
                    multiple
                    accept=accept
                    aria-describedby=hint_id
                    on:change=on_pick
                />
            </div>
            <ul class="creator-upload-list" role="list">
                <For each=move || rows.get() key=|r| r.key let:row>
                    <UploadRow row limit=limit_text.clone() on_dismiss=Callback::new(dismiss) />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn UploadRow(
    row: Row,
    /// The size limit, for "too large".
    limit: String,
    on_dismiss: Callback<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = row.state;
    let key = row.key;
    let name = row.name.clone();
    let dismiss_name = row.name.clone();
    view! {
        <li class="creator-upload" data-testid="creator-upload">
            <p class="creator-upload-name">
                <span>{name}</span>
                <span class="muted">{format_bytes(row.bytes)}</span>
            </p>
            {move || state.with(RowState::percent).map(|pct| {
                let progress_name = row.name.clone();
                view! {
                    <div class="upload-progress">
                        <progress
                            max="100"
                            value=pct
                            aria-label=move || i18n.fmt(Key::CreatorUploadProgressOf, &[("name", &progress_name)])
                            aria-valuetext=format!("{pct}%")
                            data-testid="creator-upload-progress"
                        ></progress>
                        <span class="upload-percent" aria-hidden="true">{format!("{pct}%")}</span>
                    </div>
                }
            })}
            {move || state.with(RowState::label).map(|label| view! {
                <p class="hint" role="status" data-state=move || state.with(|s| match s {
                    RowState::Done => "done",
                    _ => "busy",
                })>{i18n.tr(label)}</p>
            })}
            {move || match state.get() {
                RowState::Refused(key) => view! {
                    <p class="field-error" role="alert">{
                        let limit = limit.clone();
                        move || i18n.fmt(key, &[("max", &PREVIEWS_MAX.to_string()), ("size", &limit)])
                    }</p>
                }
                .into_any(),
                RowState::Failed(error) => view! { <ErrorBox error /> }.into_any(),
                _ => ().into_any(),
            }}
            {move || matches!(state.get(), RowState::Refused(_) | RowState::Failed(_)).then(|| {
                let dismiss_name = dismiss_name.clone();
                view! {
                    <button
                        type="button"
                        class="button secondary small"
                        aria-label=move || i18n.fmt(Key::CreatorDismissNamed, &[("name", &dismiss_name)])
                        on:click=move |_| on_dismiss.run(key)
                    >
                        {i18n.tr(Key::CreatorDismiss)}
                    </button>
                }
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_shows_its_progress_until_it_fails() {
        assert_eq!(RowState::Waiting.percent(), Some(0));
        assert_eq!(RowState::Sending(0.426).percent(), Some(42));
        assert_eq!(RowState::Processing.percent(), Some(100));
        assert_eq!(RowState::Done.percent(), Some(100));
        assert_eq!(RowState::Refused(Key::CreatorFileTooLarge).percent(), None);
        assert!(RowState::Sending(0.5).in_flight());
        assert!(!RowState::Done.in_flight());
        assert!(!RowState::Failed(ApiError::network("offline")).in_flight());
        assert_eq!(RowState::Done.label(), Some(Key::CreatorUploadDone));
        assert_eq!(RowState::Refused(Key::CreatorFileTooLarge).label(), None);
    }
}
