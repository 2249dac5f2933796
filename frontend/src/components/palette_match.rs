//! How an image's colours match a colour challenge's palette: the score as a meter,
//! the server's explanation, and each dominant colour beside its nearest palette colour.

use atelier_api::PaletteMatch;
use leptos::prelude::*;

use crate::components::ServerExplanation;
use crate::components::bar_chart::percent_text;
use crate::components::challenge_card::is_hex_colour;
use crate::i18n::{Key, use_i18n};

#[component]
pub fn PaletteMatchView(result: PaletteMatch) -> impl IntoView {
    let i18n = use_i18n();
    let score = result.score.min(100);
    let swatch = |hex: String| {
        let ok = is_hex_colour(&hex);
        view! {
            <span class="swatch inline-swatch" style:background-color=ok.then(|| hex.clone()) aria-hidden="true"></span>
            <code>{hex}</code>
        }
    };
    let rows = result
        .matches
        .into_iter()
        .map(|m| {
            let share = percent_text((f64::from(m.share) * 1000.0).round() / 10.0);
            let delta = format!("{:.1}", m.delta_e);
            view! {
                <tr>
                    <td data-label=i18n.tr(Key::ImageColour)>{swatch(m.colour)}</td>
                    <td data-label=i18n.tr(Key::Share)>{share}</td>
                    <td data-label=i18n.tr(Key::NearestPaletteColour)>{swatch(m.nearest)}</td>
                    <td data-label=i18n.tr(Key::ColourDifference)>{delta}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="palette-match" aria-label=i18n.tr(Key::PaletteMatch)>
            <p class="palette-score">
                <span id="palette-score-label">{move || i18n.label(Key::PaletteScore)}</span>
                <strong data-testid="palette-score">{format!("{score}/100")}</strong>
            </p>
            <meter
                min="0"
                max="100"
                low="40"
                high="75"
                optimum="100"
                value=score
                aria-labelledby="palette-score-label"
            >
                {format!("{score}/100")}
            </meter>
            <p class="hint">
                <ServerExplanation text=result.explanation.clone() translation=Key::PaletteExplanation />
            </p>
            <div class="table-wrap">
                <table class="table compact stack">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::ImageColour)}</th>
                            <th scope="col">{i18n.tr(Key::Share)}</th>
                            <th scope="col">{i18n.tr(Key::NearestPaletteColour)}</th>
                            <th scope="col">{i18n.tr(Key::ColourDifference)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
