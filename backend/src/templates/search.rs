//! The catalogue's full-text seam: the one place the template routes ask
//! "which templates match this text" and say "this template changed",
//! answered by this node's search index (`crate::search`: Traditional
//! Chinese by CJK bigrams, English with prefixes and one typo).

use crate::error::ApiResult;
use crate::state::AppState;

/// Ids of published templates matching `q`, best first, at most `limit`.
pub async fn matching_ids(state: &AppState, q: &str, limit: usize) -> ApiResult<Vec<i64>> {
    crate::search::catalogue::matching_ids(state, q, limit).await
}

/// Called after every write that changes a published (or formerly
/// published) template's text or status, so the index follows at once.
pub async fn changed(state: &AppState, template_id: i64) -> ApiResult<()> {
    crate::search::catalogue::changed(state, template_id).await
}
