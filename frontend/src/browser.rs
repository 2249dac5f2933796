//! Thin wrappers over the few browser APIs the app touches (storage, languages, the
//! document, the clock), so the rest of the code never handles `JsValue` errors.
//! Failures (private mode without storage, no window) degrade to "nothing stored".

use wasm_bindgen::JsCast;

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
