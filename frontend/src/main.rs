//! Atelier's browser app: a Leptos single-page app mounted on `<body>`, replacing
//! the first-paint skeleton that index.html shows while this module loads.

mod api;
mod app;
mod browser;
mod components;
mod i18n;
mod pages;
mod session;
mod upload;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    // index.html paints a header and a skeleton while the WASM loads; the app is
    // now in the page, so the stand-in goes.
    browser::remove_id("boot");
}
