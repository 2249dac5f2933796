//! The two calls the template routes make through `templates::search`
//! ("which templates match this text", "this template changed"), answered
//! by this node's index. `templates::search::matching_ids` and `changed`
//! forward here once the SQL `LIKE` stand-in there is retired.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Ids of published templates matching `q`, best first, at most `limit`.
pub async fn matching_ids(state: &AppState, q: &str, limit: usize) -> ApiResult<Vec<i64>> {
    state
        .search
        .search(q, limit)
        .await
        .map_err(ApiError::internal)
}

/// Re-reads one template after a committed write and indexes or removes
/// it. A failure is logged, not answered: the write stands, and the next
/// catch-up (within `search.catch_up_interval_secs`) indexes the row by
/// its `updated_at`.
pub async fn changed(state: &AppState, template_id: i64) -> ApiResult<()> {
    if let Err(e) = super::sync::refresh(&state.db, &state.search, template_id).await {
        tracing::warn!(template_id, error = %format!("{e:#}"),
            "search index update failed; the catch-up will retry");
    }
    Ok(())
}
