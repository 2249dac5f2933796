//! How an image keeps to a colour challenge's palette: the score shown
//! with entries and the palette check members run before submitting.

use super::submit::process;
use crate::auth::CurrentUser;
use crate::challenges::service as challenges;
use crate::entities::challenge;
use crate::error::{ApiError, ApiResult};
use crate::media::pipeline::{self};
use crate::state::AppState;
use atelier_api::{DominantColour, Theme};
use bytes::Bytes;

/// Shown next to every palette score.
pub const PALETTE_EXPLANATION: &str = "Each dominant colour of the image is compared with its nearest palette colour (CIE colour difference); closer colours and larger shares raise the score, 100 meaning the image uses only palette colours.";

pub fn palette_match(colours: &[DominantColour], palette: &[String]) -> atelier_api::PaletteMatch {
    let dc: Vec<pipeline::DominantColour> = colours
        .iter()
        .map(|c| pipeline::DominantColour {
            hex: c.hex.clone(),
            share: c.share,
        })
        .collect();
    let pm = pipeline::palette_match(&dc, palette);
    atelier_api::PaletteMatch {
        score: pm.score,
        matches: pm
            .matches
            .into_iter()
            .map(|m| atelier_api::ColourMatch {
                colour: m.colour,
                share: m.share,
                nearest: m.nearest,
                delta_e: m.delta_e,
            })
            .collect(),
        explanation: PALETTE_EXPLANATION.to_owned(),
    }
}

/// What can refuse a palette check before its image is read: the
/// challenge (visible, a colour challenge), then the account's checks per
/// minute (`media.palette_checks_per_minute`, 429 beyond).
pub async fn palette_precheck(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
) -> ApiResult<challenge::Model> {
    let ch = challenges::visible(&state.db, slug, false).await?;
    if ch.theme != Theme::Colour.as_str() {
        return Err(ApiError::conflict(
            "not_a_colour_challenge",
            "this challenge has no palette",
        ));
    }
    let auth = &state.auth;
    auth.limiter
        .hit(&auth.rules.palette_check, &user.id().to_string())
        .await?;
    Ok(ch)
}

/// For a colour challenge (see [`palette_precheck`]), how an image matches
/// the palette, before submitting.
pub async fn palette_check(
    state: &AppState,
    ch: &challenge::Model,
    image: Bytes,
) -> ApiResult<atelier_api::PaletteMatch> {
    let p = process(state, image).await?;
    let colours: Vec<DominantColour> = p
        .colours
        .iter()
        .map(|c| DominantColour {
            hex: c.hex.clone(),
            share: c.share,
        })
        .collect();
    let palette: Vec<String> = serde_json::from_str(&ch.palette).unwrap_or_default();
    Ok(palette_match(&colours, &palette))
}
