//! Thin wrappers over the few browser APIs the app touches (storage, languages, the
//! document, the clock, Web Locks), so the rest of the code never handles `JsValue` errors.
//! Failures (private mode without storage, no window) degrade to "nothing stored".

use std::future::Future;

use futures::future::Either;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (the Web Locks API). web-sys offers it only behind an unstable cfg,
    /// so the one method used is bound here.
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Releases a held Web Lock when dropped, even if the work under it was cancelled.
struct Release(js_sys::Function);

impl Drop for Release {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

/// Runs `work` while holding the Web Lock `name`, shared by every tab of this origin, so
/// only one of them runs it at a time. Without Web Locks (old browsers, insecure contexts)
/// or if the lock request fails, `work` simply runs.
pub async fn with_lock<T>(name: &str, work: impl Future<Output = T>) -> T {
    let Some(locks) = lock_manager() else {
        return work.await;
    };
    // The browser holds the lock until the promise the callback returns settles; the
    // callback hands that promise's `resolve` back here, and calling it releases the lock.
    let (granted_tx, granted_rx) = futures::channel::oneshot::channel::<js_sys::Function>();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        let mut granted_tx = Some(granted_tx);
        js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(tx) = granted_tx.take() {
                let _ = tx.send(resolve);
            }
        })
    });
    let requested = JsFuture::from(locks.request(name, callback.unchecked_ref()));
    match futures::future::select(granted_rx, requested).await {
        Either::Left((Ok(resolve), _)) => {
            let _release = Release(resolve);
            work.await
        }
        // The request failed before the lock was granted.
        _ => work.await,
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

pub fn storage_set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        // Quota or privacy errors only cost us persistence across reloads.
        let _ = storage.set_item(key, value);
    }
}

pub fn storage_remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// The user's languages in order of preference (`navigator.languages`, else `navigator.language`).
pub fn preferred_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let navigator = window.navigator();
    let mut langs: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if langs.is_empty()
        && let Some(lang) = navigator.language()
    {
        langs.push(lang);
    }
    langs
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn set_document_lang(tag: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

pub fn set_document_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(title);
    }
}

/// Milliseconds since the Unix epoch (`Date.now()`); chrono's clock is unavailable in wasm32.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's UTC offset in minutes (east positive) at the given instant.
pub fn utc_offset_minutes(epoch_ms: f64) -> i32 {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms));
    // getTimezoneOffset is UTC minus local, in minutes; offsets are whole minutes.
    -(date.get_timezone_offset() as i32)
}

/// A `blob:` URL showing a local file, for previews; free it with [`revoke_object_url`].
pub fn object_url(blob: &web_sys::Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// The first file picked in an `<input type="file">` change event.
pub fn picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    input.files()?.get(0)
}

/// Asks the user to confirm (the browser's own dialog); false when there is no window.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// A random hex string (not for secrets: it only keeps a gallery shuffle stable).
pub fn random_hex(len: usize) -> String {
    (0..len)
        .map(|_| {
            let digit = (js_sys::Math::random() * 16.0) as u32 % 16;
            char::from_digit(digit, 16).unwrap_or('0')
        })
        .collect()
}

/// Milliseconds since the epoch of a wall-clock time in the browser's time zone
/// (`month` is 1-12), or `None` when the browser cannot represent it.
pub fn local_to_epoch_ms(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Option<f64> {
    let year = u32::try_from(year).ok()?;
    let date = js_sys::Date::new_with_year_month_day_hr_min(
        year,
        month as i32 - 1,
        day as i32,
        hour as i32,
        minute as i32,
    );
    let ms = date.get_time();
    ms.is_finite().then_some(ms)
}

/// Makes the browser save `bytes` as a file named `filename`.
pub fn save_file(bytes: &[u8], content_type: &str, filename: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let document = document().ok_or("no document")?;
    let body = document.body().ok_or("no body")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_hidden(true);
    body.append_child(&anchor).map_err(fail)?;
    anchor.click();
    anchor.remove();
    // Revoking at once can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || revoke_object_url(&url),
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// Removes the element with this id, if it exists (the first-paint skeleton of
/// index.html once the app has mounted).
pub fn remove_id(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        el.remove();
    }
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus_id(id: &str) {
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The browser's clock as a UTC instant (chrono's `Utc::now` panics in wasm32).
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(now_ms() as i64).unwrap_or_default()
}

/// The next whole hour from now: a tidy default for times in forms.
pub fn next_whole_hour() -> chrono::DateTime<chrono::Utc> {
    use chrono::Timelike;
    let later = now_utc() + chrono::Duration::hours(1);
    later
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(later)
}
