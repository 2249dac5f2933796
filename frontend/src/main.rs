//! Atelier's browser app: a Leptos single-page app mounted on `<body>`.

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
}
