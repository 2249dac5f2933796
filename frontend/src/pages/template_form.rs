//! The creator's template form at `/templates/new` and `/templates/{id}/edit`:
//! title, description, category, tags, canvas, licence and price, editor link.
//! Creating saves a draft and moves on to editing it, where the previews and
//! source files are uploaded (several at once, each with its own progress),
//! and the template is submitted for review, unlisted or listed again.

mod files;
mod model;
mod status;

use files::{Kind, UploadPanel};
use model::*;
use status::StatusPanel;

use atelier_api::{CanvasUnit, LicenceKind, TemplateCategory, TemplateDetail, TemplateInput};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{self, ApiError};
use crate::components::field::field_of;
use crate::components::template_labels::{
    category_text, grouped, licence_name_text, licence_summary_text,
};
use crate::components::{ErrorBox, Field, LoadError, Loading, Missing, RequireUser, StatusMessage};
use crate::i18n::{Arg, Key, use_i18n, use_title};
use crate::pages::my_templates::may_publish_templates;
use crate::session::use_session;

/// The field of this form an API error code concerns.
fn template_field_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid_template_title" => "title",
        "invalid_template_description" => "description",
        "invalid_canvas" => "canvas",
        "invalid_price" => "price",
        "invalid_editor_url" => "editor_url",
        other => return field_of(other).filter(|f| FIELDS.contains(f)),
    })
}

const FIELDS: [&str; 8] = [
    "title",
    "description",
    "category",
    "tags",
    "canvas",
    "licence",
    "price",
    "editor_url",
];

/// The form's complaint: one found in the browser, or the server's answer.
#[derive(Clone, Copy)]
struct Errors {
    local: RwSignal<Option<Problem>>,
    server: RwSignal<Option<ApiError>>,
}

impl Errors {
    fn new() -> Self {
        Errors {
            local: RwSignal::new(None),
            server: RwSignal::new(None),
        }
    }

    fn clear(self) {
        self.local.set(None);
        self.server.set(None);
    }

    fn field(self, name: &'static str) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            if let Some(p) = self.local.get().filter(|p| p.field == name) {
                let args: Vec<(&str, Arg)> =
                    p.args.iter().map(|(n, v)| (*n, number_arg(*v))).collect();
                return Some(i18n.fmt_args(p.key, &args));
            }
            self.server.with(|e| {
                e.as_ref()
                    .filter(|e| template_field_of(&e.code) == Some(name))
                    .map(|e| e.text(i18n.locale()))
            })
        })
    }

    fn general(self) -> Option<ApiError> {
        self.server.with(|e| {
            e.as_ref()
                .filter(|e| template_field_of(&e.code).is_none())
                .cloned()
        })
    }
}

/// A limit as a message variable: large ones with thousands separators.
fn number_arg(n: i64) -> Arg<'static> {
    if n >= 10_000 {
        Arg::from(grouped(n.unsigned_abs()))
    } else {
        Arg::from(n)
    }
}

#[component]
pub fn NewTemplatePage() -> impl IntoView {
    use_title(Key::CreatorNewTemplate);
    let i18n = use_i18n();
    let navigate = use_navigate();
    let may_publish = may_publish_templates();
    let on_saved = Callback::new(move |saved: TemplateDetail| {
        navigate(
            &format!("/templates/{}/edit?created=1", saved.card.id),
            Default::default(),
        );
    });
    view! {
        <RequireUser>
            <div class="creator-page">
                <h1>{i18n.tr(Key::CreatorNewTemplate)}</h1>
                <Show
                    when=move || may_publish.get()
                    fallback=move || view! { <section class="notice"><p>{i18n.tr(Key::CreatorNotACreator)}</p></section> }
                >
                    <p class="lead">{i18n.tr(Key::CreatorNewLead)}</p>
                    <TemplateForm initial=None on_saved />
                </Show>
            </div>
        </RequireUser>
    }
}

#[component]
pub fn EditTemplatePage() -> impl IntoView {
    use_title(Key::CreatorEditTemplate);
    view! {
        <RequireUser>
            <EditTemplateLoader />
        </RequireUser>
    }
}

#[component]
fn EditTemplateLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let template = LocalResource::new(move || {
        let id = params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok());
        async move {
            match id {
                Some(id) => api::template(session, id).await,
                None => Err(ApiError::from_response(
                    404,
                    r#"{"error":{"code":"not_found","message":"no such template"}}"#,
                )),
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match template.await {
                    Ok(template) if template.can_edit => view! { <EditTemplate template /> }.into_any(),
                    Ok(_) => view! {
                        <section class="notice"><p>{use_i18n().tr(Key::CreatorNotYours)}</p></section>
                    }
                    .into_any(),
                    Err(error) => view! { <LoadError error missing=Missing::Page /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EditTemplate(template: TemplateDetail) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let just_created = query.with_untracked(|q| q.get("created").is_some());
    let current = RwSignal::new(template.clone());
    let saved = RwSignal::new(false);
    let on_saved = Callback::new(move |updated: TemplateDetail| {
        current.set(updated);
        saved.set(true);
    });
    let id = template.card.id;
    view! {
        <div class="creator-page">
            <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
                <A href="/me/templates">{i18n.tr(Key::CreatorMyTemplates)}</A>
                <span aria-hidden="true">" › "</span>
                <span aria-current="page">{move || current.with(|t| t.card.title.clone())}</span>
            </nav>
            <h1>{move || i18n.fmt(Key::EditNamed, &[("title", &current.with(|t| t.card.title.clone()))])}</h1>
            {just_created.then(|| view! {
                <StatusMessage text=Signal::derive(move || i18n.t(Key::CreatorDraftCreated).to_owned()) />
            })}
            {move || saved.get().then(|| view! {
                <StatusMessage text=Signal::derive(move || i18n.t(Key::CreatorSaved).to_owned()) />
            })}
            // On a phone: the status, the uploads (the next step after
            // creating), then the form; on a wide screen the uploads beside.
            <div class="creator-edit-layout">
                <div class="creator-status-area">
                    <StatusPanel current />
                </div>
                <div class="edit-side creator-side">
                    <UploadPanel kind=Kind::Preview template_id=id current />
                    <UploadPanel kind=Kind::Source template_id=id current />
                </div>
                <div class="creator-form-area">
                    <TemplateForm initial=Some(template) on_saved />
                </div>
            </div>
        </div>
    }
}

const CATEGORIES: &[TemplateCategory] = TemplateCategory::ALL;
const LICENCES: &[LicenceKind] = LicenceKind::ALL;

#[component]
fn TemplateForm(
    initial: Option<TemplateDetail>,
    on_saved: Callback<TemplateDetail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editing = initial.as_ref().map(|t| t.card.id);
    let raw = initial.as_ref().map(from_detail).unwrap_or_default();
    let title = RwSignal::new(raw.title);
    let description = RwSignal::new(raw.description);
    let category = RwSignal::new(raw.category);
    let tags = RwSignal::new(raw.tags);
    let width = RwSignal::new(raw.width);
    let height = RwSignal::new(raw.height);
    let unit = RwSignal::new(raw.unit);
    let dpi = RwSignal::new(raw.dpi);
    let licence = RwSignal::new(raw.licence);
    let price = RwSignal::new(raw.price);
    let editor_url = RwSignal::new(raw.editor_url);
    let errors = Errors::new();
    let free = Memo::new(move |_| licence.get().terms().free);

    let save = Action::new_local(move |input: &TemplateInput| {
        let input = input.clone();
        async move {
            let result = match editing {
                Some(id) => api::update_template(session, id, &input).await,
                None => api::create_template(session, &input).await,
            };
            let saved = result.inspect_err(|e| errors.server.set(Some(e.clone())))?;
            on_saved.run(saved);
            Ok::<(), ApiError>(())
        }
    });
    let saving = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let raw = RawTemplate {
            title: title.get_untracked(),
            description: description.get_untracked(),
            category: category.get_untracked(),
            tags: tags.get_untracked(),
            width: width.get_untracked(),
            height: height.get_untracked(),
            unit: unit.get_untracked(),
            dpi: dpi.get_untracked(),
            licence: licence.get_untracked(),
            price: price.get_untracked(),
            editor_url: editor_url.get_untracked(),
        };
        match build_input(&raw, editing.is_some()) {
            Ok(input) => {
                save.dispatch(input);
            }
            Err(problem) => {
                errors.local.set(Some(problem));
            }
        }
    };

    let description_count = Signal::derive(move || description.with(|d| d.trim().chars().count()));
    let title_count = Signal::derive(move || title.with(|t| t.trim().chars().count()));
    let canvas_max = move || match unit.get() {
        CanvasUnit::Px => PX_MAX,
        CanvasUnit::Mm => MM_MAX,
    };

    view! {
        <form class="form card creator-form" on:submit=on_submit novalidate>
            <fieldset>
                <legend>{i18n.tr(Key::CreatorAboutTemplate)}</legend>
                <Field
                    id="template-title"
                    label=Key::CreatorTitle
                    error=errors.field("title")
                    hint=Signal::derive(move || i18n.fmt_args(Key::CreatorTitleRule, &[("min", TITLE_MIN.into()), ("max", TITLE_MAX.into())]))
                    count=title_count
                    max=TITLE_MAX
                >
                    <input id="template-title" type="text" required maxlength=TITLE_MAX.to_string() bind:value=title />
                </Field>
                <Field
                    id="template-description"
                    label=Key::Description
                    error=errors.field("description")
                    hint=Signal::derive(move || i18n.t(Key::CreatorDescriptionHint).to_owned())
                    count=description_count
                    max=DESCRIPTION_MAX
                >
                    <textarea id="template-description" rows="6" bind:value=description></textarea>
                </Field>
                <Field id="template-category" label=Key::CreatorCategory error=errors.field("category")>
                    <select
                        id="template-category"
                        on:change=move |ev| {
                            if let Some(c) = TemplateCategory::parse(&event_target_value(&ev)) {
                                category.set(c);
                            }
                        }
                    >
                        {CATEGORIES
                            .iter()
                            .copied()
                            .map(|c| view! {
                                <option value=c.as_str() prop:selected=move || category.get() == c>
                                    {move || category_text(i18n.locale(), c)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </Field>
                <Field
                    id="template-tags"
                    label=Key::Tags
                    error=errors.field("tags")
                    hint=Signal::derive(move || i18n.t(Key::TagsHint).to_owned())
                >
                    <input id="template-tags" type="text" autocapitalize="none" bind:value=tags />
                </Field>
            </fieldset>
            <fieldset>
                <legend>{i18n.tr(Key::CreatorCanvas)}</legend>
                <p class="hint" id="template-canvas-hint">
                    {move || i18n.fmt_args(Key::CreatorCanvasHint, &[("max", number_arg(i64::from(canvas_max())))])}
                </p>
                <div class="field-row creator-canvas">
                    <Field id="template-canvas" label=Key::CreatorWidth error=errors.field("canvas")>
                        <input id="template-canvas" type="number" inputmode="numeric" min="1" max=move || canvas_max().to_string() required bind:value=width />
                    </Field>
                    <div class="field">
                        <label for="template-height">{i18n.tr(Key::CreatorHeight)}</label>
                        <input id="template-height" type="number" inputmode="numeric" min="1" max=move || canvas_max().to_string() required bind:value=height />
                    </div>
                    <div class="field">
                        <label for="template-unit">{i18n.tr(Key::CreatorUnit)}</label>
                        <select
                            id="template-unit"
                            on:change=move |ev| {
                                if let Some(u) = CanvasUnit::parse(&event_target_value(&ev)) {
                                    unit.set(u);
                                }
                            }
                        >
                            <option value="px" prop:selected=move || unit.get() == CanvasUnit::Px>{i18n.tr(Key::CreatorUnitPx)}</option>
                            <option value="mm" prop:selected=move || unit.get() == CanvasUnit::Mm>{i18n.tr(Key::CreatorUnitMm)}</option>
                        </select>
                    </div>
                    <Show when=move || unit.get() == CanvasUnit::Mm>
                        <div class="field">
                            <label for="template-dpi">{i18n.tr(Key::CreatorDpi)}</label>
                            <input
                                id="template-dpi"
                                type="number"
                                inputmode="numeric"
                                min=DPI_MIN.to_string()
                                max=DPI_MAX.to_string()
                                aria-describedby="template-dpi-hint"
                                bind:value=dpi
                            />
                            <p class="hint" id="template-dpi-hint">
                                {move || i18n.fmt_args(Key::CreatorDpiRule, &[("min", DPI_MIN.into()), ("max", DPI_MAX.into())])}
                            </p>
                        </div>
                    </Show>
                </div>
            </fieldset>
            <fieldset>
                <legend>{i18n.tr(Key::CreatorLicenceAndPrice)}</legend>
                <div class="creator-licence">
                    <Field id="template-licence" label=Key::CreatorLicence error=errors.field("licence")>
                        <select
                            id="template-licence"
                            aria-describedby="template-licence-summary"
                            on:change=move |ev| {
                                if let Some(l) = LicenceKind::parse(&event_target_value(&ev)) {
                                    licence.set(l);
                                    if l.terms().free {
                                        price.set("0".into());
                                    } else if dollars_to_minor(&price.get_untracked()).unwrap_or(0) == 0 {
                                        price.set(String::new());
                                    }
                                }
                            }
                        >
                            {LICENCES
                                .iter()
                                .copied()
                                .map(|l| view! {
                                    <option value=l.as_str() prop:selected=move || licence.get() == l>
                                        {move || licence_name_text(i18n.locale(), l)}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </Field>
                    <p class="creator-licence-summary" id="template-licence-summary" aria-live="polite">
                        {move || licence_summary_text(i18n.locale(), licence.get())}
                    </p>
                </div>
                <Field
                    id="template-price"
                    label=Key::CreatorPrice
                    error=errors.field("price")
                    hint=Signal::derive(move || {
                        if free.get() {
                            i18n.t(Key::CreatorPriceFreeHint).to_owned()
                        } else {
                            i18n.fmt_args(
                                Key::CreatorPriceHint,
                                &[("min", number_arg(PRICE_MIN_DOLLARS)), ("max", number_arg(PRICE_MAX_DOLLARS))],
                            )
                        }
                    })
                >
                    <div class="creator-price-input">
                        <span aria-hidden="true">"NT$"</span>
                        <input
                            id="template-price"
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            prop:disabled=move || free.get()
                            bind:value=price
                        />
                    </div>
                </Field>
                <Field
                    id="template-editor-url"
                    label=Key::CreatorEditorUrl
                    error=errors.field("editor_url")
                    hint=Signal::derive(move || i18n.t(Key::CreatorEditorUrlHint).to_owned())
                >
                    <input id="template-editor-url" type="url" inputmode="url" autocapitalize="none" spellcheck="false" bind:value=editor_url />
                </Field>
            </fieldset>
            {move || errors.general().map(|error| view! { <ErrorBox error /> })}
            <button type="submit" class="button" disabled=saving>
                {move || {
                    if saving.get() {
                        i18n.t(Key::Saving)
                    } else if editing.is_some() {
                        i18n.t(Key::SaveChanges)
                    } else {
                        i18n.t(Key::CreatorSaveDraft)
                    }
                }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_codes_name_this_forms_fields() {
        assert_eq!(template_field_of("invalid_canvas"), Some("canvas"));
        assert_eq!(template_field_of("invalid_template_title"), Some("title"));
        assert_eq!(template_field_of("invalid_price"), Some("price"));
        assert_eq!(template_field_of("invalid_tags"), Some("tags"));
        // A field this form does not have goes above the button.
        assert_eq!(template_field_of("invalid_handle"), None);
        assert_eq!(template_field_of("not_a_creator"), None);
    }
}
