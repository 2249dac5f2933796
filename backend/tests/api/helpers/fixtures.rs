//! What many tests set up or ask for: challenges and their phases, polls,
//! votes and ballots, the audit log and the vote flags.

use atelier_api::{AuditList, ChallengeDetail, Poll, VoteFlagList};
use chrono::{Duration, Utc};
use serde_json::json;

use super::TestApp;
use super::http::{Answer, Bearer};
use super::users::User;

/// A published topic challenge `slug` whose submissions open
/// `start_offset_days` from now (negative: open already), three entries
/// per member, any format and size.
pub fn challenge_body(slug: &str, start_offset_days: i64) -> serde_json::Value {
    let t0 = Utc::now() + Duration::days(start_offset_days);
    json!({
        "slug": slug,
        "title": format!("Challenge {slug}"),
        "brief": "Design a **lantern**. <script>alert(1)</script>",
        "theme": "topic",
        "status": "published",
        "rules": {"entries_per_member": 3, "accepted_formats": ["jpeg", "png", "webp", "gif"], "min_width": 0, "min_height": 0},
        "prizes": "Fame",
        "submissions_open_at": t0,
        "voting_open_at": t0 + Duration::days(7),
        "voting_close_at": t0 + Duration::days(10),
        "results_at": t0 + Duration::days(11),
    })
}

impl TestApp {
    /// Creates a challenge; asserts 201.
    pub async fn create_challenge(
        &self,
        who: impl Bearer,
        body: &serde_json::Value,
    ) -> ChallengeDetail {
        self.post_json("/api/v1/challenges", body, who)
            .await
            .expect_status(201)
            .json()
    }

    /// Staff `staff_<slug>` and a challenge `slug` open for submissions,
    /// accepting `per_member` entries each.
    pub async fn open_challenge(&self, slug: &str, per_member: i32) -> User {
        let staff = self
            .as_staff(&format!("staff_{}", slug.replace('-', "_")))
            .await;
        let mut body = challenge_body(slug, -1);
        body["rules"]["entries_per_member"] = json!(per_member);
        self.create_challenge(&staff, &body).await;
        staff
    }

    /// Sets (or with `None` clears) the phase override; asserts 200.
    pub async fn override_phase(
        &self,
        who: impl Bearer,
        slug: &str,
        phase: Option<&str>,
    ) -> ChallengeDetail {
        self.put_json(
            &format!("/api/v1/challenges/{slug}/phase-override"),
            &json!({"phase": phase, "reason": "testing the phase"}),
            who,
        )
        .await
        .expect_status(200)
        .json()
    }

    /// Creates a poll; asserts 201.
    pub async fn create_poll(&self, who: impl Bearer, body: &serde_json::Value) -> Poll {
        self.post_json("/api/v1/polls", body, who)
            .await
            .expect_status(201)
            .json()
    }

    pub async fn vote(&self, who: impl Bearer, entry: i64, score: i16) -> Answer {
        self.put_json(
            &format!("/api/v1/entries/{entry}/vote"),
            &json!({ "score": score }),
            who,
        )
        .await
    }

    pub async fn ballot(&self, who: impl Bearer, poll: i64, choices: &[i64]) -> Answer {
        self.put_json(
            &format!("/api/v1/polls/{poll}/ballot"),
            &json!({ "choices": choices }),
            who,
        )
        .await
    }

    /// The newest page of the audit log, as `who` sees it.
    pub async fn audit_log(&self, who: impl Bearer) -> AuditList {
        self.get_json("/api/v1/admin/audit", who).await.json()
    }

    pub async fn vote_flags(&self, who: impl Bearer) -> VoteFlagList {
        self.get_json("/api/v1/staff/vote-flags", who).await.json()
    }
}
