//! Image uploads, the one way the server takes them: `multipart/form-data` with the
//! image in `file` (and any text fields), over XMLHttpRequest, which, unlike fetch,
//! reports how much of the request body has been sent and so drives a real progress
//! bar.
//!
//! The JS callbacks live as long as the request: if the future is dropped first (the
//! page went away), the guard aborts the request and detaches them, so the browser
//! never calls a freed closure.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

use crate::api::ApiError;

fn js_error(err: JsValue) -> ApiError {
    ApiError::network(err.as_string().unwrap_or_else(|| format!("{err:?}")))
}

/// Fraction of a transfer, clamped to 0..=1; `None` when the total is unknown.
pub fn fraction(loaded: f64, total: f64) -> Option<f64> {
    (total > 0.0 && loaded.is_finite()).then(|| (loaded / total).clamp(0.0, 1.0))
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// Keeps the callbacks alive while the request runs; detaches them (and aborts an
/// unfinished request) when dropped.
struct InFlight {
    xhr: XmlHttpRequest,
    upload: Option<web_sys::XmlHttpRequestUpload>,
    finished: Rc<RefCell<bool>>,
    _handlers: Vec<Handler>,
    _progress: Closure<dyn FnMut(ProgressEvent)>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if !*self.finished.borrow() {
            let _ = self.xhr.abort();
        }
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onabort(None);
        self.xhr.set_ontimeout(None);
        if let Some(upload) = &self.upload {
            upload.set_onprogress(None);
            upload.set_onload(None);
        }
    }
}

/// Sends `fields` and `file` (as the `file` field) to `url` with `method` and the
/// bearer token. Returns the status and body of a 2xx answer; other answers become an
/// [`ApiError`].
pub async fn send_form(
    method: &str,
    url: &str,
    token: &str,
    fields: &[(&str, &str)],
    file: &web_sys::File,
    on_progress: Rc<dyn Fn(f64)>,
) -> Result<(u16, String), ApiError> {
    let form = FormData::new().map_err(js_error)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(js_error)?;
    for (name, value) in fields {
        form.append_with_str(name, value).map_err(js_error)?;
    }

    let xhr = XmlHttpRequest::new().map_err(js_error)?;
    xhr.open_with_async(method, url, true).map_err(js_error)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(js_error)?;
    xhr.set_request_header("Authorization", &format!("Bearer {token}"))
        .map_err(js_error)?;
    if let Some(tag) = crate::api::ui_language() {
        xhr.set_request_header("Accept-Language", tag)
            .map_err(js_error)?;
    }

    let (tx, rx) = oneshot::channel::<Result<(), ApiError>>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let finished = Rc::new(RefCell::new(false));
    let settle = {
        let finished = finished.clone();
        move |outcome: Result<(), ApiError>| {
            *finished.borrow_mut() = true;
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(outcome);
            }
        }
    };
    let on_event = |outcome: fn() -> Result<(), ApiError>| {
        let settle = settle.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| settle(outcome()))
    };
    let loaded = on_event(|| Ok(()));
    let failed = on_event(|| Err(ApiError::network("the upload failed")));
    let aborted = on_event(|| Err(ApiError::network("the upload was aborted")));
    let timed_out = on_event(|| Err(ApiError::network("the upload timed out")));
    xhr.set_onload(Some(loaded.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(aborted.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(timed_out.as_ref().unchecked_ref()));

    let progress = {
        let on_progress = on_progress.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
            if ev.length_computable()
                && let Some(f) = fraction(ev.loaded(), ev.total())
            {
                on_progress(f);
            }
        })
    };
    // The body has been sent in full; the server still has to process it.
    let sent = {
        let on_progress = on_progress.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| on_progress(1.0))
    };
    let upload = xhr.upload().ok();
    if let Some(upload) = &upload {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        upload.set_onload(Some(sent.as_ref().unchecked_ref()));
    }

    let guard = InFlight {
        xhr: xhr.clone(),
        upload,
        finished,
        _handlers: vec![loaded, failed, aborted, timed_out, sent],
        _progress: progress,
    };
    on_progress(0.0);
    xhr.send_with_opt_form_data(Some(&form)).map_err(js_error)?;
    let outcome = rx
        .await
        .unwrap_or_else(|_| Err(ApiError::network("the upload was cancelled")));
    drop(guard);
    outcome?;

    let status = xhr.status().map_err(js_error)?;
    let text = xhr.response_text().map_err(js_error)?.unwrap_or_default();
    if (200..300).contains(&status) {
        Ok((status, text))
    } else {
        Err(ApiError::from_response(status, &text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_a_fraction_of_a_known_total() {
        assert_eq!(fraction(50.0, 200.0), Some(0.25));
        assert_eq!(fraction(300.0, 200.0), Some(1.0));
        assert_eq!(fraction(10.0, 0.0), None);
        assert_eq!(fraction(f64::NAN, 10.0), None);
    }
}
