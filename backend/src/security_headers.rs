//! Security headers on every response (API, the SPA, assets, errors): a
//! Content-Security-Policy that admits the WASM app and nothing else, a
//! referrer policy, `nosniff`, and HSTS when `http.hsts` says the site is
//! served over TLS.
//!
//! The CSP has no `'unsafe-inline'`: index.html loads its boot script from
//! the hashed assets (scripts/build-frontend.sh), and the app sets dynamic
//! styles through the CSSOM (`style:prop=`), which CSP does not restrict.
//! `'wasm-unsafe-eval'` lets the browser compile the WASM module; `data:`
//! images cover the inline SVG favicon and `blob:` the local upload previews.

use actix_web::middleware::DefaultHeaders;

use crate::config::HttpSettings;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; \
    img-src 'self' data: blob:; \
    font-src 'self'; \
    connect-src 'self'; \
    frame-ancestors 'none'; \
    base-uri 'none'; \
    form-action 'self'; \
    object-src 'none'";

/// `strict-origin-when-cross-origin`, not `no-referrer`: under `no-referrer`
/// browsers send `Origin: null` on same-origin POSTs, which the auth
/// endpoints' Origin check would refuse.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// Two years; sub-domains are left to whoever runs them.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000";

/// The middleware; headers a handler set itself are left alone.
pub fn middleware(http: &HttpSettings) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("Referrer-Policy", REFERRER_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"));
    if http.hsts {
        headers.add(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
    } else {
        headers
    }
}
