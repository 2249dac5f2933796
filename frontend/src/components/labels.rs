//! The translation key for each enum of the API that is shown to people.

use atelier_api::{
    ApplicationStatus, ChallengeStatus, Eligibility, EntryStatus, Phase, PollMethod, PollState,
    Role, Theme,
};

use crate::i18n::Key;

pub fn phase_key(phase: Phase) -> Key {
    match phase {
        Phase::Upcoming => Key::PhaseUpcoming,
        Phase::Submissions => Key::PhaseSubmissions,
        Phase::Voting => Key::PhaseVoting,
        Phase::Closed => Key::PhaseClosed,
        Phase::Results => Key::PhaseResults,
    }
}

pub fn theme_key(theme: Theme) -> Key {
    match theme {
        Theme::Holiday => Key::ThemeHoliday,
        Theme::Topic => Key::ThemeTopic,
        Theme::Colour => Key::ThemeColour,
    }
}

pub fn role_key(role: Role) -> Key {
    match role {
        Role::Member => Key::RoleMember,
        Role::Expert => Key::RoleExpert,
        Role::Staff => Key::RoleStaff,
        Role::Admin => Key::RoleAdmin,
    }
}

pub fn status_key(status: ApplicationStatus) -> Key {
    match status {
        ApplicationStatus::Pending => Key::StatusPending,
        ApplicationStatus::Approved => Key::StatusApproved,
        ApplicationStatus::Rejected => Key::StatusRejected,
    }
}

pub fn challenge_status_key(status: ChallengeStatus) -> Key {
    match status {
        ChallengeStatus::Draft => Key::StatusDraft,
        ChallengeStatus::Published => Key::StatusPublished,
        ChallengeStatus::Archived => Key::StatusArchived,
    }
}

pub fn entry_status_key(status: EntryStatus) -> Key {
    match status {
        EntryStatus::Visible => Key::EntryVisible,
        EntryStatus::Hidden => Key::EntryHidden,
        EntryStatus::Withdrawn => Key::EntryWithdrawn,
        EntryStatus::Disqualified => Key::EntryDisqualified,
    }
}

pub fn poll_state_key(state: PollState) -> Key {
    match state {
        PollState::Scheduled => Key::PollScheduled,
        PollState::Open => Key::PollOpen,
        PollState::Closed => Key::PollClosed,
    }
}

pub fn poll_state_str(state: PollState) -> &'static str {
    match state {
        PollState::Scheduled => "scheduled",
        PollState::Open => "open",
        PollState::Closed => "closed",
    }
}

pub fn method_key(method: PollMethod) -> Key {
    match method {
        PollMethod::Single => Key::MethodSingle,
        PollMethod::Approval => Key::MethodApproval,
        PollMethod::Ranked => Key::MethodRanked,
    }
}

pub fn eligibility_key(eligibility: Eligibility) -> Key {
    match eligibility {
        Eligibility::AllMembers => Key::EligibilityAll,
        Eligibility::Invited => Key::EligibilityInvited,
    }
}
