//! One module per page; `app.rs` maps them to routes.

pub mod audit;
pub mod challenge;
pub mod challenge_form;
pub mod challenges;
pub mod earnings;
pub mod entry;
pub mod expert;
pub mod finance;
pub mod gallery;
pub mod home;
pub mod library;
pub mod login;
pub mod my_entries;
pub mod my_profile;
pub mod my_templates;
pub mod not_found;
pub mod order;
pub mod poll;
pub mod poll_form;
pub mod poll_results;
pub mod polls;
pub mod profile;
pub mod register;
pub mod results;
pub mod staff_applications;
pub mod staff_challenges;
pub mod staff_duplicates;
pub mod staff_templates;
pub mod staff_users;
pub mod staff_vote_flags;
pub mod submit_entry;
pub mod template_form;
pub mod templates;
pub mod verify_email;

pub use audit::AuditLogPage;
pub use challenge::ChallengePage;
pub use challenge_form::{EditChallengePage, NewChallengePage};
pub use challenges::ChallengesPage;
pub use entry::EntryPage;
pub use expert::ExpertApplicationPage;
pub use home::HomePage;
pub use library::LibraryPage;
pub use login::LoginPage;
pub use my_entries::MyEntriesPage;
pub use my_profile::MyProfilePage;
pub use not_found::NotFoundPage;
pub use order::OrderPage;
pub use poll::PollPage;
pub use poll_form::NewPollPage;
pub use poll_results::PollResultsPage;
pub use polls::PollsPage;
pub use profile::ProfilePage;
pub use register::RegisterPage;
pub use results::ResultsPage;
pub use staff_applications::StaffApplicationsPage;
pub use staff_challenges::StaffChallengesPage;
pub use staff_duplicates::StaffDuplicatesPage;
pub use staff_users::StaffUsersPage;
pub use staff_vote_flags::StaffVoteFlagsPage;
pub use templates::{TemplatePage, TemplatesPage};
pub use verify_email::VerifyEmailPage;
// The template marketplace's creator side.
pub use my_templates::MyTemplatesPage;
pub use staff_templates::StaffTemplatesPage;
pub use template_form::{EditTemplatePage, NewTemplatePage};
// Creator revenue share: earnings, payouts, statements; the finance staff's pages.
pub use earnings::{
    EarningsPage, PayoutSettingsPage, StatementPage, StatementsPage, TaxSummaryPage,
};
pub use finance::{
    FinanceCreatorPage, FinanceOverviewPage, FinanceStatementPage, PayoutQueuePage, ProductPage,
    ProductsPage, SalesImportPage, TemplateAgreementPage,
};
