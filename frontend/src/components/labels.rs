//! The translation key for each enum of the API that is shown to people.

use atelier_api::{ApplicationStatus, Phase, Role, Theme};

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
