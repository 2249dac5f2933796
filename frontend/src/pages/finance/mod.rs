//! The finance staff's pages (admins, and staff granted the finance
//! permission: `Me.finance`): the overview and reconciliation at `/finance`, a
//! creator's earnings and statements, the payout queue, products with their
//! royalty agreements, sales imports, and template agreements.

mod agreement;
mod creator;
mod overview;
mod payouts;
mod products;
mod sales;

pub use agreement::TemplateAgreementPage;
pub use creator::{FinanceCreatorPage, FinanceStatementPage};
pub use overview::FinanceOverviewPage;
pub use payouts::PayoutQueuePage;
pub use products::{ProductPage, ProductsPage};
pub use sales::SalesImportPage;

use atelier_api::AccountKind;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::RequireUser;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// Shows `children` to finance staff; others get the standard forbidden notice.
#[component]
pub fn RequireFinance(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let user = use_session().user_memo();
    let finance = Memo::new(move |_| user.with(|u| u.as_ref().is_some_and(|u| u.finance)));
    let children = StoredValue::new(children);
    view! {
        <RequireUser>
            {move || {
                if finance.get() {
                    view! { <FinanceNav /> {children.with_value(|c| c())} }.into_any()
                } else {
                    view! {
                        <section class="notice" data-testid="forbidden">
                            <p>{i18n.tr(Key::FinOnly)}</p>
                        </section>
                    }
                    .into_any()
                }
            }}
        </RequireUser>
    }
}

/// The sub-navigation of the finance pages.
#[component]
pub fn FinanceNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sub-nav" aria-label=i18n.tr(Key::FinNavLabel)>
            <ul role="list">
                <li><A href="/finance" exact=true>{i18n.tr(Key::FinNavOverview)}</A></li>
                <li><A href="/finance/payouts">{i18n.tr(Key::FinNavPayouts)}</A></li>
                <li><A href="/finance/products">{i18n.tr(Key::FinNavProducts)}</A></li>
                <li><A href="/finance/sales">{i18n.tr(Key::FinNavSales)}</A></li>
            </ul>
        </nav>
    }
}

pub fn account_kind_key(kind: AccountKind) -> Key {
    match kind {
        AccountKind::PaymentClearing => Key::FinAccountPaymentClearing,
        AccountKind::PlatformRevenue => Key::FinAccountPlatformRevenue,
        AccountKind::CreatorPayable => Key::FinAccountCreatorPayable,
        AccountKind::PayoutClearing => Key::FinAccountPayoutClearing,
        AccountKind::TaxWithheld => Key::FinAccountTaxWithheld,
        AccountKind::BrandReceivable => Key::FinAccountBrandReceivable,
        AccountKind::PrizePool => Key::FinAccountPrizePool,
        AccountKind::Bank => Key::FinAccountBank,
    }
}

/// The text of a reconciliation check by its name; `None` for one this app
/// does not know (shown by its name).
pub fn check_key(name: &str) -> Option<Key> {
    Some(match name {
        "lines_sum_to_zero" => Key::FinCheckLinesSumToZero,
        "transfers_balanced" => Key::FinCheckTransfersBalanced,
        "orders_posted" => Key::FinCheckOrdersPosted,
        "refunds_posted" => Key::FinCheckRefundsPosted,
        "payouts_match" => Key::FinCheckPayoutsMatch,
        "no_negative_creator_balance" => Key::FinCheckNoNegativeCreatorBalance,
        "pending_resolved_once" => Key::FinCheckPendingResolvedOnce,
        "reversals_negate" => Key::FinCheckReversalsNegate,
        _ => return None,
    })
}
