//! How the audit log reads to people: an action code ("challenge.update") and a
//! subject ("challenge:lantern-fest") become texts in the reader's language. The
//! detail column is what staff wrote (a reason) or what changed, kept as recorded.

use crate::i18n::ui::Key;

/// Every action code the server records; `backend/tests/api/audit_log.rs` checks the
/// server's list of staff actions against it.
pub const ACTIONS: &[(&str, Key)] = &[
    ("challenge.create", Key::AuditChallengeCreate),
    ("challenge.update", Key::AuditChallengeUpdate),
    ("challenge.phase_override", Key::AuditChallengePhaseOverride),
    ("challenge.cover", Key::AuditChallengeCover),
    ("challenge.pick_winners", Key::AuditChallengePickWinners),
    ("entry.disqualify", Key::AuditEntryDisqualify),
    (
        "entry.disqualify_duplicate",
        Key::AuditEntryDisqualifyDuplicate,
    ),
    ("entry.clear_duplicate", Key::AuditEntryClearDuplicate),
    ("poll.create", Key::AuditPollCreate),
    ("poll.update", Key::AuditPollUpdate),
    ("poll.option_image", Key::AuditPollOptionImage),
    ("poll.invite", Key::AuditPollInvite),
    ("poll.export", Key::AuditPollExport),
    ("vote_flag.review", Key::AuditVoteFlagReview),
    ("vote_flag.discount", Key::AuditVoteFlagDiscount),
    ("user.create", Key::AuditUserCreate),
    ("user.role_change", Key::AuditUserRoleChange),
    ("expert.approve", Key::AuditExpertApprove),
    ("expert.reject", Key::AuditExpertReject),
    ("template.approve", Key::AuditTemplateApprove),
    ("template.reject", Key::AuditTemplateReject),
    ("user.creator_approve", Key::AuditUserCreatorApprove),
    ("user.creator_revoke", Key::AuditUserCreatorRevoke),
    ("challenge.templates", Key::AuditChallengeTemplates),
    ("order.mark_paid", Key::AuditOrderMarkPaid),
    ("order.refund", Key::AuditOrderRefund),
    ("agreement.template", Key::AuditAgreementTemplate),
    ("agreement.product", Key::AuditAgreementProduct),
    ("product.create", Key::AuditProductCreate),
    ("product_sales.import", Key::AuditProductSalesImport),
    ("product_sales.import_csv", Key::AuditProductSalesImportCsv),
    ("challenge.prizes", Key::AuditChallengePrizes),
    (
        "challenge.confirm_winners",
        Key::AuditChallengeConfirmWinners,
    ),
    ("payout.run", Key::AuditPayoutRun),
    ("payout.approve", Key::AuditPayoutApprove),
    ("payout.paid", Key::AuditPayoutPaid),
    ("payout.failed", Key::AuditPayoutFailed),
    ("user.finance_grant", Key::AuditUserFinanceGrant),
    ("user.finance_revoke", Key::AuditUserFinanceRevoke),
];

/// The text of an action code; `None` for a code this list does not know (shown as is).
pub fn action_key(action: &str) -> Option<Key> {
    ACTIONS
        .iter()
        .find(|(code, _)| *code == action)
        .map(|&(_, key)| key)
}

/// What a subject names: its kind's text and the rest ("challenge:lantern-fest" →
/// (Challenge, "lantern-fest")), with the path of its page where it has one.
pub struct Subject<'a> {
    pub kind: Key,
    pub id: &'a str,
    pub href: Option<String>,
}

pub fn subject(subject: &str) -> Option<Subject<'_>> {
    let (kind, id) = subject.split_once(':')?;
    let (kind, href) = match kind {
        "challenge" => (
            Key::AuditSubjectChallenge,
            Some(format!("/challenges/{id}")),
        ),
        "entry" => (Key::AuditSubjectEntry, Some(format!("/entries/{id}"))),
        "poll" => (Key::AuditSubjectPoll, Some(format!("/polls/{id}"))),
        "user" => (Key::AuditSubjectUser, Some(format!("/u/{id}"))),
        "vote_flag" => (Key::AuditSubjectVoteFlag, None),
        "template" => (Key::AuditSubjectTemplate, Some(format!("/templates/{id}"))),
        "order" => (Key::AuditSubjectOrder, Some(format!("/orders/{id}"))),
        "product" => (Key::AuditSubjectProduct, None),
        "product_sales_import" => (Key::AuditSubjectProductSalesImport, None),
        "payout" => (Key::AuditSubjectPayout, None),
        "payout_run" => (Key::AuditSubjectPayoutRun, None),
        _ => return None,
    };
    Some(Subject { kind, id, href })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::i18n::ui::text;

    #[test]
    fn actions_read_in_both_languages() {
        let key = action_key("challenge.pick_winners").expect("known action");
        assert_eq!(text(Locale::En, key), "Picked the winners");
        assert_eq!(text(Locale::ZhTw, key), "選出得獎作品");
        assert!(action_key("challenge.unknown").is_none());
    }

    #[test]
    fn subjects_name_their_kind_and_page() {
        let s = subject("entry:42").expect("entry subject");
        assert_eq!(s.kind, Key::AuditSubjectEntry);
        assert_eq!(s.id, "42");
        assert_eq!(s.href.as_deref(), Some("/entries/42"));
        assert!(subject("no-colon").is_none());
        assert!(subject("weird:1").is_none());
    }
}
