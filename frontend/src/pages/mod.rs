//! One module per page; `app.rs` maps them to routes.

pub mod audit;
pub mod challenges;
pub mod expert;
pub mod home;
pub mod login;
pub mod my_profile;
pub mod not_found;
pub mod profile;
pub mod register;
pub mod staff_applications;
pub mod staff_users;

pub use audit::AuditLogPage;
pub use challenges::ChallengesPage;
pub use expert::ExpertApplicationPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use my_profile::MyProfilePage;
pub use not_found::NotFoundPage;
pub use profile::ProfilePage;
pub use register::RegisterPage;
pub use staff_applications::StaffApplicationsPage;
pub use staff_users::StaffUsersPage;
