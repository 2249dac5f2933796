//! The app shell: contexts (locale, session), router and page layout.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{Footer, Header, SkipLink, VerifyEmailBanner, WelcomeMessage};
use crate::i18n::provide_i18n;
use crate::pages::{
    AuditLogPage, ChallengePage, ChallengesPage, EditChallengePage, EntryPage,
    ExpertApplicationPage, HomePage, LoginPage, MyEntriesPage, MyProfilePage, NewChallengePage,
    NewPollPage, NotFoundPage, PollPage, PollResultsPage, PollsPage, ProfilePage, RegisterPage,
    ResultsPage, StaffApplicationsPage, StaffChallengesPage, StaffDuplicatesPage, StaffUsersPage,
    StaffVoteFlagsPage, VerifyEmailPage,
};
use crate::pages::{
    EarningsPage, FinanceCreatorPage, FinanceOverviewPage, FinanceStatementPage, PayoutQueuePage,
    PayoutSettingsPage, ProductPage, ProductsPage, SalesImportPage, StatementPage, StatementsPage,
    TaxSummaryPage, TemplateAgreementPage,
};
use crate::pages::{EditTemplatePage, MyTemplatesPage, NewTemplatePage, StaffTemplatesPage};
use crate::pages::{LibraryPage, OrderPage, TemplatePage, TemplatesPage};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    crate::api::send_locale_of(i18n);
    Session::provide();

    view! {
        <Router>
            <SkipLink />
            <Header />
            <VerifyEmailBanner />
            <main id="main" tabindex="-1">
                <WelcomeMessage />
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/challenges") view=ChallengesPage />
                    <Route path=path!("/challenges/:slug") view=ChallengePage />
                    <Route path=path!("/challenges/:slug/results") view=ResultsPage />
                    <Route path=path!("/entries/:id") view=EntryPage />
                    <Route path=path!("/me/entries") view=MyEntriesPage />
                    // Before the catalogue's /templates/:id, which would take "new".
                    <Route path=path!("/templates/new") view=NewTemplatePage />
                    <Route path=path!("/templates/:id/edit") view=EditTemplatePage />
                    <Route path=path!("/me/templates") view=MyTemplatesPage />
                    <Route path=path!("/staff/templates") view=StaffTemplatesPage />
                    <Route path=path!("/polls") view=PollsPage />
                    <Route path=path!("/polls/:id") view=PollPage />
                    <Route path=path!("/polls/:id/results") view=PollResultsPage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/register") view=RegisterPage />
                    <Route path=path!("/verify-email") view=VerifyEmailPage />
                    <Route path=path!("/me") view=MyProfilePage />
                    <Route path=path!("/u/:handle") view=ProfilePage />
                    <Route path=path!("/expert") view=ExpertApplicationPage />
                    <Route path=path!("/staff/applications") view=StaffApplicationsPage />
                    <Route path=path!("/staff/users") view=StaffUsersPage />
                    <Route path=path!("/staff/audit") view=AuditLogPage />
                    <Route path=path!("/staff/challenges") view=StaffChallengesPage />
                    <Route path=path!("/staff/challenges/new") view=NewChallengePage />
                    <Route path=path!("/staff/challenges/:slug/edit") view=EditChallengePage />
                    <Route path=path!("/staff/duplicates") view=StaffDuplicatesPage />
                    <Route path=path!("/staff/vote-flags") view=StaffVoteFlagsPage />
                    <Route path=path!("/staff/polls/new") view=NewPollPage />
                    // The marketplace: catalogue, a template, checkout, the library. The first
                    // matching route wins: the creator's `/templates/new` stays above.
                    <Route path=path!("/templates") view=TemplatesPage />
                    <Route path=path!("/templates/:id") view=TemplatePage />
                    <Route path=path!("/orders/:id") view=OrderPage />
                    <Route path=path!("/me/library") view=LibraryPage />
                    // Creator revenue share: a creator's earnings, payouts and statements...
                    <Route path=path!("/me/earnings") view=EarningsPage />
                    <Route path=path!("/me/earnings/payout") view=PayoutSettingsPage />
                    <Route path=path!("/me/earnings/statements") view=StatementsPage />
                    <Route path=path!("/me/earnings/statements/:month") view=StatementPage />
                    <Route path=path!("/me/earnings/tax/:year") view=TaxSummaryPage />
                    // ...and the finance staff's pages.
                    <Route path=path!("/finance") view=FinanceOverviewPage />
                    <Route path=path!("/finance/payouts") view=PayoutQueuePage />
                    <Route path=path!("/finance/products") view=ProductsPage />
                    <Route path=path!("/finance/products/:id") view=ProductPage />
                    <Route path=path!("/finance/sales") view=SalesImportPage />
                    <Route path=path!("/finance/creators/:id") view=FinanceCreatorPage />
                    <Route path=path!("/finance/creators/:id/statements/:month") view=FinanceStatementPage />
                    <Route path=path!("/finance/templates/:id/agreement") view=TemplateAgreementPage />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
