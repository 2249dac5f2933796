//! Where a template stands (draft, in review, published, rejected with the
//! reason staff gave, unlisted) and what its creator can do next: submit it
//! for review, unlist or list it again, or delete a draft.

use atelier_api::{TemplateDetail, TemplateStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::template_labels::template_status_key;
use crate::components::{ErrorBox, StatusMessage};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// What a template still lacks before it can be submitted for review.
pub fn missing_for_review(t: &TemplateDetail) -> Vec<Key> {
    let mut missing = Vec::new();
    if t.previews.is_empty() {
        missing.push(Key::CreatorNeedsPreview);
    }
    if t.files.is_empty() && t.editor_url.as_deref().is_none_or(|u| u.trim().is_empty()) {
        missing.push(Key::CreatorNeedsSource);
    }
    missing
}

/// What the creator is told about each status.
fn status_note(status: TemplateStatus) -> Key {
    match status {
        TemplateStatus::Draft => Key::CreatorDraftNote,
        TemplateStatus::InReview => Key::CreatorInReviewNote,
        TemplateStatus::Published => Key::CreatorPublishedNote,
        TemplateStatus::Rejected => Key::CreatorRejectedNote,
        TemplateStatus::Unlisted => Key::CreatorUnlistedNote,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Submit,
    Unlist,
    Relist,
    Delete,
}

#[component]
pub fn StatusPanel(current: RwSignal<TemplateDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let id = current.with_untracked(|t| t.card.id);
    let status = Memo::new(move |_| current.with(|t| t.card.status));
    let done = RwSignal::new(None::<Key>);

    let act = Action::new_local(move |what: &Move| {
        let what = *what;
        let navigate = navigate.clone();
        async move {
            let updated = match what {
                Move::Submit => api::submit_template(session, id).await?,
                Move::Unlist => api::unlist_template(session, id).await?,
                Move::Relist => api::relist_template(session, id).await?,
                Move::Delete => {
                    api::delete_template(session, id).await?;
                    navigate("/me/templates", Default::default());
                    return Ok(());
                }
            };
            current.set(updated);
            done.set(Some(match what {
                Move::Submit => Key::CreatorSubmitted,
                Move::Unlist => Key::CreatorUnlisted,
                _ => Key::CreatorRelisted,
            }));
            Ok::<(), ApiError>(())
        }
    });
    let busy = act.pending();
    let run = move |what: Move| {
        done.set(None);
        act.dispatch(what);
    };
    let missing = Memo::new(move |_| current.with(missing_for_review));
    let can_submit = move || {
        matches!(
            status.get(),
            TemplateStatus::Draft | TemplateStatus::Rejected
        )
    };
    let public_href = format!("/templates/{id}");

    view! {
        <section class="card creator-status" aria-labelledby="template-status-heading" data-testid="template-status">
            <h2 id="template-status-heading">{i18n.tr(Key::Status)}</h2>
            <p>
                <span
                    class=move || format!("badge creator-badge creator-{}", status.get().as_str())
                    data-testid="template-status-badge"
                >
                    {move || i18n.t(template_status_key(status.get()))}
                </span>
                " "
                <span class="muted">{move || i18n.t(status_note(status.get()))}</span>
            </p>
            {move || {
                let reason = current.with(|t| t.review_reason.clone());
                (status.get() == TemplateStatus::Rejected)
                    .then_some(reason)
                    .flatten()
                    .map(|reason| view! {
                        <div class="notice warning creator-reason" role="note" data-testid="review-reason">
                            <p>{move || i18n.fmt(Key::CreatorReviewReason, &[("reason", &reason)])}</p>
                        </div>
                    })
            }}
            {move || done.get().map(|key| view! {
                <StatusMessage text=Signal::derive(move || i18n.t(key).to_owned()) />
            })}
            {move || act.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            <Show when=can_submit>
                {move || {
                    let missing = missing.get();
                    (!missing.is_empty()).then(|| view! {
                        <p class="hint" id="template-submit-needs">{i18n.tr(Key::CreatorBeforeSubmitting)}</p>
                        <ul class="creator-needs">
                            {missing.into_iter().map(|key| view! { <li>{i18n.tr(key)}</li> }).collect_view()}
                        </ul>
                    })
                }}
            </Show>
            <div class="actions">
                <Show when=can_submit>
                    <button
                        type="button"
                        class="button"
                        disabled=move || busy.get() || missing.with(|m| !m.is_empty())
                        on:click=move |_| run(Move::Submit)
                    >
                        {i18n.tr(Key::CreatorSubmitForReview)}
                    </button>
                </Show>
                <Show when=move || status.get() == TemplateStatus::Published>
                    <button type="button" class="button secondary" disabled=busy on:click=move |_| run(Move::Unlist)>
                        {i18n.tr(Key::CreatorUnlist)}
                    </button>
                </Show>
                <Show when=move || status.get() == TemplateStatus::Unlisted>
                    <button type="button" class="button secondary" disabled=busy on:click=move |_| run(Move::Relist)>
                        {i18n.tr(Key::CreatorRelist)}
                    </button>
                </Show>
                <Show when=move || matches!(status.get(), TemplateStatus::Published | TemplateStatus::Unlisted)>
                    <A href=public_href.clone() attr:class="button secondary">{i18n.tr(Key::CreatorViewPage)}</A>
                </Show>
                <Show when=move || matches!(status.get(), TemplateStatus::Draft | TemplateStatus::Rejected)>
                    <button
                        type="button"
                        class="button danger"
                        disabled=busy
                        on:click=move |_| {
                            if browser::confirm(i18n.t(Key::CreatorConfirmDelete)) {
                                run(Move::Delete);
                            }
                        }
                    >
                        {i18n.tr(Key::CreatorDelete)}
                    </button>
                </Show>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::{
        Canvas, CanvasUnit, LicenceKind, Money, SourceFormat, TemplateCard, TemplateCategory,
        TemplateCreator, TemplateFile, TemplatePreview,
    };

    fn draft() -> TemplateDetail {
        let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        TemplateDetail {
            card: TemplateCard {
                id: 1,
                title: "Poster".into(),
                category: TemplateCategory::Poster,
                tags: vec![],
                creator: TemplateCreator {
                    handle: "mei".into(),
                    display_name: "Mei".into(),
                    expert: true,
                },
                licence: LicenceKind::FreePersonal,
                price: Money {
                    amount_minor: 0,
                    currency: "TWD".into(),
                },
                status: TemplateStatus::Draft,
                thumbnail_url: None,
                thumbnail_width: 0,
                thumbnail_height: 0,
                uses: 0,
                published_at: None,
            },
            description: String::new(),
            description_html: String::new(),
            canvas: Canvas {
                width: 100,
                height: 100,
                unit: CanvasUnit::Px,
                dpi: None,
            },
            previews: vec![],
            files: vec![],
            colours: vec![],
            editor_url: None,
            review_reason: None,
            can_download: true,
            can_edit: true,
            my_licence: None,
            downloads: 0,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn review_needs_a_preview_and_a_source_or_an_editor_link() {
        let mut t = draft();
        assert_eq!(
            missing_for_review(&t),
            [Key::CreatorNeedsPreview, Key::CreatorNeedsSource]
        );
        t.previews.push(TemplatePreview {
            id: 1,
            position: 0,
            url: "/p".into(),
            width: 1,
            height: 1,
            thumbnail_url: "/t".into(),
        });
        assert_eq!(missing_for_review(&t), [Key::CreatorNeedsSource]);
        t.editor_url = Some("  ".into());
        assert_eq!(missing_for_review(&t), [Key::CreatorNeedsSource]);
        t.editor_url = Some("https://example.com".into());
        assert!(missing_for_review(&t).is_empty());
        t.editor_url = None;
        t.files.push(TemplateFile {
            id: 2,
            file_name: "a.svg".into(),
            format: SourceFormat::Svg,
            bytes: 10,
            created_at: t.created_at,
        });
        assert!(missing_for_review(&t).is_empty());
    }
}
