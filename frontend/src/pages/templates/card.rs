//! A template as a catalogue card: thumbnail, title, creator, price and licence. The
//! title's link covers the whole card, so there is one link to tab to per card.

use atelier_api::TemplateCard;
use leptos::prelude::*;
use leptos_router::components::A;

use super::labels::{licence_name_key, price_text};
use crate::i18n::{Key, use_i18n};

#[component]
pub fn TemplateTile(card: TemplateCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/templates/{}", card.id);
    let price = card.price.clone();
    let free = price.amount_minor == 0;
    // The title beside it names the template: the thumbnail is decoration.
    let thumb = match card.thumbnail_url.clone() {
        Some(src) => view! {
            <img
                class="market-card-thumb"
                src=src
                width=card.thumbnail_width
                height=card.thumbnail_height
                alt=""
                loading="lazy"
                decoding="async"
            />
        }
        .into_any(),
        None => {
            view! { <div class="market-card-thumb market-no-preview" aria-hidden="true"></div> }
                .into_any()
        }
    };
    let creator = card.creator.display_name.clone();
    view! {
        <article class="card market-card" data-template-id=card.id>
            {thumb}
            <div class="market-card-body">
                <h2 class="card-title market-card-title"><A href=href>{card.title.clone()}</A></h2>
                <p class="muted market-card-creator">
                    <span class="visually-hidden">{move || i18n.label(Key::By)}</span>
                    {creator}
                </p>
                <p class="market-card-meta">
                    <span class="market-price" class:is-free=free data-testid="template-price">
                        {move || price_text(i18n, &price)}
                    </span>
                    <span class="badge market-licence-badge">{i18n.tr(licence_name_key(card.licence))}</span>
                </p>
            </div>
        </article>
    }
}
